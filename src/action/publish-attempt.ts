import * as core from "@actions/core";
import type { Repo } from "../github/client.ts";
import { renderUsageTable } from "../report/usage-table.ts";
import type { UsageRecord } from "../run/usage-record.ts";
import type { ExecutorOctokit } from "./connect-github.ts";
import { type AttemptStory, renderAttemptComment } from "./report/attempt-comment.ts";
import { maskSecrets } from "./sandbox/command-environment.ts";

/**
 * Every attempt reports, whatever happened: a comment with the usage record on the sub-issue
 * (fanout's app reads it back), the job summary and the step outputs. A failed report is logged
 * and does not hide the attempt's own outcome.
 */
export async function publishAttempt(
  github: ExecutorOctokit | undefined,
  repo: Repo | undefined,
  story: AttemptStory,
  secrets: readonly string[],
) {
  const { record } = story;
  setOutputs(record);
  await writeJobSummary(story, secrets);
  if (!github || !repo) return;
  try {
    const body = maskSecrets(renderAttemptComment(story), secrets);
    await github.rest.issues.createComment({ ...repo, issue_number: record.taskIssue, body });
  } catch (error) {
    core.warning(
      `Could not post the attempt report on #${record.taskIssue}: ${(error as Error).message}`,
    );
  }
}

function setOutputs(record: UsageRecord): void {
  core.setOutput("outcome", record.outcome);
  core.setOutput("pr-number", record.pullRequest ? String(record.pullRequest) : "");
  core.setOutput("input-tokens", String(record.usage.input));
  core.setOutput("output-tokens", String(record.usage.output));
  core.setOutput(
    "cache-write-tokens",
    String(record.usage.cacheWrite5m + record.usage.cacheWrite1h),
  );
  core.setOutput("cache-read-tokens", String(record.usage.cacheRead));
  core.setOutput("cost-usd", record.costUsd === undefined ? "" : record.costUsd.toFixed(6));
}

async function writeJobSummary(story: AttemptStory, secrets: readonly string[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const { record } = story;
  const heading = `fanout: task #${record.taskIssue} (${record.key}), attempt ${record.attempt}: ${record.outcome}`;
  const text = [
    `## ${heading}`,
    story.failure ? `**What failed:** ${story.failure}` : "",
    renderUsageTable(record),
  ]
    .filter(Boolean)
    .join("\n\n");
  await core.summary.addRaw(maskSecrets(text, secrets), true).write();
}
