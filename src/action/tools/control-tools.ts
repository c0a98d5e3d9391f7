import { betaZodTool } from "@anthropic-ai/sdk/helpers/beta/zod";
import { ToolError } from "@anthropic-ai/sdk/lib/tools/ToolError";
import { z } from "zod";
import { runConfiguredCommand } from "../sandbox/run-configured-command.ts";
import { type CommandName, type ExecutorSession, MAX_TOOL_OUTPUT } from "./executor-session.ts";

export function createControlTools(session: ExecutorSession) {
  const names = (Object.keys(session.commands) as CommandName[]).filter(
    (name) => session.commands[name],
  );

  const runCommand = betaZodTool({
    name: "run_command",
    description: `Run one of the repository's configured commands: ${names.join(", ") || "(none configured)"}. Returns the exit code and output.`,
    inputSchema: z.object({ name: z.enum(["test", "lint", "build"]) }),
    run: async ({ name }) => {
      const command = session.commands[name];
      if (!command)
        throw new ToolError(
          `No \`${name}\` command is configured. Available: ${names.join(", ") || "none"}.`,
        );
      const result = await runConfiguredCommand(command, {
        cwd: session.workspace.root,
        env: session.env,
        secrets: session.secrets,
        timeoutMs: session.commandTimeoutMs,
        maxOutputChars: MAX_TOOL_OUTPUT,
      });
      session.commandRuns.push({ name, exitCode: result.exitCode });
      const status = result.timedOut ? "timed out" : `exit code ${result.exitCode}`;
      return `${name}: ${status}\n${result.output}`;
    },
  });

  const finish = betaZodTool({
    name: "finish",
    description: "Call when the task is done: summarize what you changed and how you verified it.",
    inputSchema: z.object({ summary: z.string().min(1).max(4000) }),
    run: ({ summary }) => {
      session.ending = { kind: "finished", summary };
      return "Finished. fanout will now run the tests and open the pull request.";
    },
  });

  const escalate = betaZodTool({
    name: "escalate",
    description:
      "Call when the task cannot be done well at your level (too ambiguous, too large, needs a decision). Explain why.",
    inputSchema: z.object({ reason: z.string().min(1).max(2000) }),
    run: ({ reason }) => {
      session.ending = { kind: "escalated", reason };
      return "Escalation recorded. Stop working now.";
    },
  });

  return [runCommand, finish, escalate];
}
