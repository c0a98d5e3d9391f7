import * as core from "@actions/core";
import { readExecutorInputs } from "./executor-inputs.ts";

/** The executor Action: one sub-issue in, one pull request and a usage record out. */
export async function runExecutorAction(): Promise<void> {
  const read = readExecutorInputs();
  if (!read.ok) {
    core.setFailed(read.message);
    return;
  }
  const { inputs } = read;
  core.info(
    `fanout executor: task #${inputs["task-issue"]} of #${inputs["parent-issue"]}, attempt ${inputs.attempt}, model ${inputs.model}`,
  );
  core.setFailed(
    "This build of fanout validates its inputs only; the executor loop is not part of it yet.",
  );
}
