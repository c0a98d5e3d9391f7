import { spawn } from "node:child_process";
import { commandEnvironment, maskSecrets, truncateOutput } from "./command-environment.ts";

export type CommandResult = { exitCode: number | null; output: string; timedOut: boolean };

type Options = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  secrets: readonly string[];
  timeoutMs: number;
  maxOutputChars: number;
};

/**
 * Runs one command the repository configured (`executor.commands`), never one the model wrote:
 * the model only picks which. The command string is the repository owner's, so it runs through
 * the shell like a workflow `run:` step would.
 */
export function runConfiguredCommand(command: string, options: Options): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: options.cwd,
      env: commandEnvironment(options.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const kept = options.maxOutputChars * 4;
    let output = "";
    let dropped = 0;
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      // Keep a bounded window so a chatty command cannot exhaust memory. It is cut after the
      // head, not at the start: the first lines (what ran, which file failed) are worth keeping.
      if (output.length > kept) {
        const excess = output.length - kept;
        output =
          output.slice(0, options.maxOutputChars) + output.slice(options.maxOutputChars + excess);
        dropped += excess;
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const masked = maskSecrets(output, options.secrets);
      const text = truncateOutput(masked, options.maxOutputChars, dropped);
      resolve({ exitCode, output: text, timedOut });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
