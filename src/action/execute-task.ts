import type Anthropic from "@anthropic-ai/sdk";
import type { AttemptOutcome } from "../run/usage-record.ts";
import { type AttemptLimits, describeLimit, type SpendMeter } from "./agent/attempt-limits.ts";
import { runAgent } from "./agent/run-agent.ts";
import { runConfiguredCommand } from "./sandbox/run-configured-command.ts";
import { type ExecutorSession, MAX_TOOL_OUTPUT } from "./tools/executor-session.ts";

export type TaskResult = {
  outcome: AttemptOutcome;
  summary: string;
  /** What failed, in a sentence, when the outcome is not success. */
  failure?: string | undefined;
  tried: string[];
  tests: string;
};

type Options = {
  model: string;
  session: ExecutorSession;
  taskContext: string;
  meter: SpendMeter;
  limits: AttemptLimits;
  fixRounds: number;
  now: () => number;
};

/**
 * The attempt: the agent works until it finishes, then fanout (not the model) runs the tests.
 * Failures go back to the agent for a bounded number of fix rounds; a failure that passes on an
 * immediate rerun is treated as flaky and reported as such.
 */
export async function executeTask(anthropic: Anthropic, options: Options): Promise<TaskResult> {
  const tried: string[] = [];
  let ending = await runAgent(anthropic, options);
  for (let round = 0; ; round++) {
    if (ending.kind === "escalated") {
      return {
        outcome: "escalated",
        summary: ending.reason,
        failure: `the executor escalated: ${ending.reason}`,
        tried,
        tests: "not run",
      };
    }
    if (ending.kind === "limit") {
      const failure = describeLimit(ending.limit, options.limits);
      return { outcome: "limit-reached", summary: failure, failure, tried, tests: "not run" };
    }
    tried.push(
      round === 0
        ? "the executor finished and fanout ran the tests"
        : `fix round ${round}: the executor changed the code and fanout ran the tests again`,
    );
    const tests = await verify(options);
    if (tests.passed)
      return { outcome: "success", summary: ending.summary, tried, tests: tests.report };
    if (round >= options.fixRounds) {
      return {
        outcome: "tests-failed",
        summary: ending.summary,
        failure: `the tests still fail after ${round} fix round(s)`,
        tried,
        tests: tests.report,
      };
    }
    const limit = options.meter.reached(options.now());
    if (limit) {
      const failure = `the tests fail and ${describeLimit(limit, options.limits)}`;
      return { outcome: "limit-reached", summary: failure, failure, tried, tests: tests.report };
    }
    ending = await runAgent(anthropic, {
      ...options,
      followUp: `You called finish, but the test command fails:\n\n${tests.output}\n\nFix the code (not the tests, unless they are wrong), then call finish again.`,
    });
  }
}

async function verify({ session, meter, now }: Options) {
  const command = session.commands.test;
  if (!command)
    return {
      passed: true,
      output: "",
      report: "No test command is configured (`executor.commands.test`).",
    };
  // Tests get what is left of the attempt's time, and at least a minute.
  const timeoutMs = Math.max(60_000, meter.remainingMs(now()));
  const run = () =>
    runConfiguredCommand(command, {
      cwd: session.workspace.root,
      env: session.env,
      secrets: session.secrets,
      timeoutMs,
      maxOutputChars: MAX_TOOL_OUTPUT,
    });
  const first = await run();
  if (first.exitCode === 0)
    return { passed: true, output: first.output, report: `\`${command}\` passed.` };
  const second = await run();
  if (second.exitCode === 0) {
    return {
      passed: true,
      output: second.output,
      report: `\`${command}\` failed once and passed on an immediate rerun (flaky test).`,
    };
  }
  const tail = second.output.split("\n").slice(-30).join("\n");
  // A fence longer than any backtick run in the output, so test output cannot break the comment.
  const longestRun = Math.max(2, ...(tail.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  return {
    passed: false,
    output: second.output,
    report: `\`${command}\` failed (exit code ${second.exitCode}):\n\n${fence}\n${tail}\n${fence}`,
  };
}
