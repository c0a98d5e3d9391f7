import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundledActionsDir } from "../helpers/bundled-actions.ts";

let entry: string;

beforeAll(async () => {
  entry = join(await bundledActionsDir(), "executor/index.js");
});

const VALID_INPUTS = {
  "INPUT_TASK-ISSUE": "12",
  "INPUT_PARENT-ISSUE": "7",
  INPUT_ATTEMPT: "1",
  INPUT_MODEL: "claude-haiku-5-5",
  "INPUT_GITHUB-TOKEN": "ghs_executor_secret_value",
  "INPUT_ANTHROPIC-API-KEY": "sk-ant-api03-not-a-real-key",
  "INPUT_BUDGET-USD": "2",
  "INPUT_MAX-TOKENS": "3000000",
};

/** Runs the bundled Action the way a runner does: `node <bundle>` with INPUT_* set. */
function runExecutor(inputs: Record<string, string>) {
  const result = spawnSync(process.execPath, [entry], {
    env: { PATH: process.env.PATH, ...inputs },
    encoding: "utf8",
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("executor Action entry (dist bundle)", () => {
  it("fails the step listing every invalid input in words", () => {
    const { status, output } = runExecutor({
      ...VALID_INPUTS,
      "INPUT_TASK-ISSUE": "twelve",
      INPUT_ATTEMPT: "0",
      "INPUT_BUDGET-USD": "-3",
      "INPUT_ANTHROPIC-API-KEY": "",
    });
    expect(status).toBe(1);
    const message = decodeURIComponent(output.replaceAll("%0A", "\n"));
    expect(message).toContain("The fanout executor's inputs are not valid:");
    expect(message).toContain(
      '- task-issue: must be an issue number such as `42` (got `"twelve"`)',
    );
    expect(message).toContain("- attempt: must be an attempt number from 1 to 99");
    expect(message).toContain("- budget-usd: must be a number such as `2` or `0.5`");
    expect(message).toContain("- anthropic-api-key: is required (store it as a repository secret)");
  });

  it("masks the tokens and never echoes them in an error", () => {
    const { output } = runExecutor({
      ...VALID_INPUTS,
      "INPUT_GITHUB-TOKEN": "ghs_executor_secret_value x",
      "INPUT_TASK-ISSUE": "x",
    });
    expect(output).toContain("::add-mask::ghs_executor_secret_value x");
    expect(output.replace(/::add-mask::.*\n/g, "")).not.toContain("ghs_executor_secret_value");
  });
});
