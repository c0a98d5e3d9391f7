import { removeRepo } from "../test/fakes/github/git/bare-repo.ts";
import { runScenario } from "./run-scenario.ts";
import type { Scenario, ScenarioResult } from "./scenario.ts";

/**
 * One bench run in a process of its own: fresh memory for every run (the simulator forks git on
 * every request, and a fork costs more the bigger the process), and two runs can use both cores.
 * `scripts/bench.ts` forks this file with the scenario as JSON in `BENCH_SCENARIO`.
 */

export type ScenarioMessage =
  | { type: "started"; gitDir: string }
  | { type: "result"; result: ScenarioResult }
  | { type: "failed"; error: string };

async function main(): Promise<void> {
  const scenario = JSON.parse(process.env.BENCH_SCENARIO ?? "null") as Scenario | null;
  if (!scenario)
    throw new Error("BENCH_SCENARIO is not set: this file is started by scripts/bench.ts");
  let gitDir: string | undefined;
  let finished = false;
  // Stopped early (Ctrl-C, or the bench went away): remove the repository, then go. The app
  // process exits by itself when this one disconnects.
  const abandon = () => {
    if (finished) return;
    finished = true;
    void (gitDir ? removeRepo(gitDir) : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once("SIGINT", abandon);
  process.once("SIGTERM", abandon);
  process.once("disconnect", abandon);
  let message: ScenarioMessage;
  try {
    const result = await runScenario(scenario, {
      onStarted: (dir) => {
        gitDir = dir;
        process.send?.({ type: "started", gitDir: dir } satisfies ScenarioMessage);
      },
    });
    message = { type: "result", result };
  } catch (error) {
    message = { type: "failed", error: (error as Error).message };
  }
  if (finished || !process.connected) return;
  finished = true;
  process.send?.(message, undefined, {}, () => {
    if (process.connected) process.disconnect();
  });
}

if (process.send) await main();
