import Anthropic from "@anthropic-ai/sdk";
import { createFanoutApp } from "../src/app.ts";
import { startAppHarness } from "../test/fakes/webhooks/app-harness.ts";
import { withNaiveCommentEdits } from "./naive-comment-edits.ts";
import { createRecordingFetch, type SeenRequest } from "./request-accounting.ts";

/**
 * fanout's app in a process of its own, so its CPU time is measured without the simulator's.
 * The bench forks this file with `BENCH_GITHUB_URL`, `BENCH_ANTHROPIC_URL` and `BENCH_MODE`
 * (`fanout` or `baseline`) and talks to it over IPC.
 */

export type AppProcessMode = "fanout" | "baseline";

export type AppProcessCommand = {
  id: number;
  /** reset: start counting CPU and requests now; settled: wait for handlers still running. */
  type: "reset" | "settled" | "report" | "stop";
};

export type AppReport = {
  /** `process.cpuUsage()` since the last reset, in microseconds. */
  cpu: { user: number; system: number };
  /** Every request the app sent to GitHub since the last reset, in order. */
  requests: SeenRequest[];
};

export type AppProcessMessage =
  | { type: "ready"; url: string; secret: string }
  | { type: "done"; id: number; report?: AppReport }
  | { type: "failed"; id: number; error: string };

async function serve(): Promise<void> {
  const githubUrl = requireEnv("BENCH_GITHUB_URL");
  const anthropicUrl = requireEnv("BENCH_ANTHROPIC_URL");
  const mode = requireEnv("BENCH_MODE") as AppProcessMode;
  let requests: SeenRequest[] = [];
  // The app's Octokit reads `globalThis.fetch` per request; the count checks the log arithmetic.
  globalThis.fetch = createRecordingFetch(
    (request) => requests.push(request),
    new URL(githubUrl).origin,
  );
  const fanout = createFanoutApp({
    anthropic: () =>
      new Anthropic({ baseURL: anthropicUrl, apiKey: "bench-key-not-secret", maxRetries: 1 }),
  });
  const harness = await startAppHarness({
    app: mode === "baseline" ? withNaiveCommentEdits(fanout) : fanout,
    githubUrl,
  });
  let cpuFrom = process.cpuUsage();
  const reply = (message: AppProcessMessage, then?: () => void) => {
    process.send?.(message, undefined, {}, () => then?.());
  };
  process.on("message", (command: AppProcessCommand) => {
    void (async () => {
      try {
        if (command.type === "reset") {
          requests = [];
          cpuFrom = process.cpuUsage();
          reply({ type: "done", id: command.id });
        } else if (command.type === "settled") {
          await harness.settled();
          reply({ type: "done", id: command.id });
        } else if (command.type === "report") {
          const cpu = process.cpuUsage(cpuFrom);
          reply({ type: "done", id: command.id, report: { cpu, requests } });
        } else {
          await harness.close();
          reply({ type: "done", id: command.id }, () => process.exit(0));
        }
      } catch (error) {
        reply({ type: "failed", id: command.id, error: String((error as Error).stack ?? error) });
      }
    })();
  });
  // The bench went away without stopping us: nothing is left to serve.
  process.on("disconnect", () => process.exit(1));
  reply({ type: "ready", url: harness.url, secret: harness.secret });
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this file is started by scripts/bench.ts`);
  return value;
}

if (process.send) await serve();
