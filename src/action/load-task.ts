import { FanoutConfig } from "../config/config-schema.ts";
import { CONFIG_PATH } from "../config/load-config.ts";
import type { Repo } from "../github/client.ts";
import { readTaskSpec, type TaskSpec } from "../plan/task-spec.ts";
import { type AttemptRequest, readAttemptRequest } from "../run/attempt-request.ts";
import { describeIssues } from "../validation/describe-issues.ts";
import type { ExecutorOctokit } from "./connect-github.ts";

export class TaskSetupError extends Error {
  override name = "TaskSetupError";
}

/** The task spec from the sub-issue marker; a missing or broken one is refused, never guessed. */
export async function loadTaskSpec(
  github: ExecutorOctokit,
  repo: Repo,
  taskIssue: number,
  parent: number,
): Promise<TaskSpec> {
  const { data } = await github.rest.issues.get({ ...repo, issue_number: taskIssue });
  const spec = readTaskSpec(data.body);
  if (!spec) {
    throw new TaskSetupError(
      `issue #${taskIssue} has no valid fanout task spec (its hidden \`fanout:task:v1\` marker is missing or was edited); re-plan the parent issue`,
    );
  }
  if (spec.parent !== parent) {
    throw new TaskSetupError(`issue #${taskIssue} belongs to #${spec.parent}, not to #${parent}`);
  }
  return spec;
}

/** The same `.github/fanout.yml` the app reads (including `_extends`), validated the same way. */
export async function loadExecutorConfig(
  github: ExecutorOctokit,
  repo: Repo,
): Promise<FanoutConfig> {
  const { config } = await github.config.get({ ...repo, path: CONFIG_PATH });
  const parsed = FanoutConfig.safeParse(config ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error.issues, FanoutConfig).map(
    (p) => `${p.setting}: ${p.problem}`,
  );
  throw new TaskSetupError(`\`${CONFIG_PATH}\` is not valid: ${problems.join("; ")}`);
}

/** The `/retry` or `/escalate` request that asked for this attempt, written by the app. */
export async function loadAttemptRequest(
  github: ExecutorOctokit,
  repo: Repo,
  taskIssue: number,
  attempt: number,
): Promise<AttemptRequest | undefined> {
  if (attempt === 1) return undefined;
  const comments = await github.paginate(github.rest.issues.listComments, {
    ...repo,
    issue_number: taskIssue,
    per_page: 100,
  });
  return comments
    .filter((comment) => comment.user?.type === "Bot")
    .map((comment) => readAttemptRequest(comment.body))
    .find((request) => request?.attempt === attempt);
}
