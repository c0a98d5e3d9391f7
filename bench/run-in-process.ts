import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { removeRepo } from "../test/fakes/github/git/bare-repo.ts";
import { describeScenario, type Scenario, type ScenarioResult } from "./scenario.ts";
import type { ScenarioMessage } from "./scenario-process.ts";

const ENTRY = fileURLToPath(new URL("./scenario-process.ts", import.meta.url));

/**
 * Runs one scenario in `bench/scenario-process.ts` and returns its result. A run that takes
 * longer than `timeoutMs` is killed (its app process exits with it) and its repository removed.
 */
export function runScenarioInProcess(
  scenario: Scenario,
  timeoutMs: number,
): Promise<ScenarioResult> {
  const child = fork(ENTRY, [], {
    execPath: process.execPath,
    env: {
      PATH: process.env.PATH,
      NODE_NO_WARNINGS: "1",
      BENCH_SCENARIO: JSON.stringify(scenario),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let gitDir: string | undefined;
  let outcome: ScenarioMessage | undefined;
  let timedOut = false;
  child.on("message", (message: ScenarioMessage) => {
    if (message.type === "started") gitDir = message.gitDir;
    else outcome = message;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      void (async () => {
        // A killed run could not clean up after itself.
        if (timedOut && gitDir) await removeRepo(gitDir);
        if (outcome?.type === "result") resolve(outcome.result);
        else if (outcome?.type === "failed") reject(new Error(outcome.error));
        else if (timedOut)
          reject(
            new Error(`${describeScenario(scenario)} did not finish within ${timeoutMs / 1000} s`),
          );
        else
          reject(
            new Error(
              `${describeScenario(scenario)}: its process exited (${signal ?? code}) without a result`,
            ),
          );
      })();
    });
  });
}
