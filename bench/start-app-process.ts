import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type {
  AppProcessCommand,
  AppProcessMessage,
  AppProcessMode,
  AppReport,
} from "./app-process.ts";

export type AppProcess = {
  /** The app's webhook address on 127.0.0.1. */
  url: string;
  secret: string;
  pid: number | undefined;
  /** Starts counting CPU time and GitHub requests from now. */
  reset(): Promise<void>;
  /** Resolves once the app has no webhook handler running (the deliverer's `settled`). */
  settled(): Promise<void>;
  report(): Promise<AppReport>;
  /** Stops the server and waits for the process to exit; kills it if it does not. */
  stop(): Promise<void>;
};

const ENTRY = fileURLToPath(new URL("./app-process.ts", import.meta.url));
const STARTUP_MS = 30_000;
const STOP_MS = 10_000;

/** Forks `bench/app-process.ts`, serving fanout's app (or the naive baseline) to the simulator. */
export async function startAppProcess(options: {
  mode: AppProcessMode;
  githubUrl: string;
  anthropicUrl: string;
}): Promise<AppProcess> {
  const child = fork(ENTRY, [], {
    execPath: process.execPath,
    // A clean environment: no token or key of this machine reaches the app.
    env: {
      PATH: process.env.PATH,
      NODE_NO_WARNINGS: "1",
      BENCH_GITHUB_URL: options.githubUrl,
      BENCH_ANTHROPIC_URL: options.anthropicUrl,
      BENCH_MODE: options.mode,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waiting = new Map<number, (message: AppProcessMessage) => void>();
  let nextId = 1;
  let ready: ((message: AppProcessMessage) => void) | undefined;
  child.on("message", (message: AppProcessMessage) => {
    if (message.type === "ready") ready?.(message);
    else waiting.get(message.id)?.(message);
  });
  const lost = exited.then(() => {
    throw new Error(`the app process (pid ${child.pid}) exited unexpectedly`);
  });
  lost.catch(() => undefined);

  const send = (type: AppProcessCommand["type"]) => {
    const id = nextId++;
    const answered = new Promise<AppReport | undefined>((resolve, reject) => {
      waiting.set(id, (message) => {
        waiting.delete(id);
        if (message.type === "failed") reject(new Error(`app process: ${message.error}`));
        else if (message.type === "done") resolve(message.report);
      });
    });
    child.send({ id, type } satisfies AppProcessCommand);
    return Promise.race([answered, lost]);
  };

  try {
    const started = await Promise.race([
      new Promise<AppProcessMessage>((resolve) => {
        ready = resolve;
      }),
      lost,
      timeout(STARTUP_MS, "the app process did not start"),
    ]);
    if (started.type !== "ready") throw new Error("the app process did not report ready");
    return {
      url: started.url,
      secret: started.secret,
      pid: child.pid,
      reset: async () => {
        await send("reset");
      },
      settled: async () => {
        await send("settled");
      },
      async report() {
        const report = await send("report");
        if (!report) throw new Error("the app process sent no report");
        return report;
      },
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        try {
          await Promise.race([send("stop"), timeout(STOP_MS, "the app process did not stop")]);
          await Promise.race([exited, timeout(STOP_MS, "the app process did not exit")]);
        } catch {
          kill(child);
          await exited;
        }
      },
    };
  } catch (error) {
    kill(child);
    await exited;
    throw error;
  }
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_resolve, reject) => {
    setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms).unref();
  });
}
