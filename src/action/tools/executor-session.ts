import type { Workspace } from "../sandbox/resolve-workspace-path.ts";

export type CommandName = "test" | "lint" | "build";

/** What the tools share during one attempt, and what the attempt's report reads afterwards. */
export type ExecutorSession = {
  workspace: Workspace;
  commands: Partial<Record<CommandName, string>>;
  /** Values that must never appear in a tool result (tokens, keys). */
  secrets: readonly string[];
  env: NodeJS.ProcessEnv;
  commandTimeoutMs: number;
  changedFiles: Set<string>;
  commandRuns: { name: CommandName; exitCode: number | null }[];
  ending?: { kind: "finished"; summary: string } | { kind: "escalated"; reason: string };
};

export const MAX_TOOL_OUTPUT = 20_000;
