import { renderUsageTable } from "../../report/usage-table.ts";
import { renderUsageMarker, type UsageRecord } from "../../run/usage-record.ts";

export type AttemptStory = {
  record: UsageRecord;
  /** What failed, in a sentence; absent on success. */
  failure?: string | undefined;
  tried: string[];
  /** Overrides the outcome's usual advice when the cause calls for something else. */
  nextStep?: string | undefined;
  /** How the tests went, with the failing output's tail when they failed. */
  tests?: string | undefined;
  branch?: string | undefined;
  runUrl?: string | undefined;
};

const NEXT_STEPS: Record<UsageRecord["outcome"], string> = {
  success: "",
  "tests-failed":
    "Comment `/retry` to try again, `/escalate` to hand the task to a stronger model (the failing output goes with it), or push a fix to the branch yourself.",
  "limit-reached":
    "The work so far is on the branch. Comment `/escalate` to continue on a stronger model, or raise `budget.per_task_usd` / `executor.max_turns` in `.github/fanout.yml` and comment `/retry`.",
  escalated:
    "The executor asked for help. Comment `/escalate [model] [guidance…]` to continue on a stronger model, or clarify the task and `/retry`.",
  error:
    "This looks like a fault rather than the task: comment `/retry`. If it happens again, the workflow run log has the details.",
};

/** The comment each attempt leaves on its sub-issue: what happened, what it cost, what to do next. */
export function renderAttemptComment(story: AttemptStory): string {
  const { record } = story;
  const title =
    record.outcome === "success"
      ? `✅ **Attempt ${record.attempt}** on \`${record.model}\` opened #${record.pullRequest}.`
      : `❌ **Attempt ${record.attempt}** on \`${record.model}\` did not finish: ${story.failure ?? record.outcome}.`;
  const lines = [title];
  if (record.outcome !== "success") {
    if (story.tried.length)
      lines.push(`**What was tried:**\n${story.tried.map((step) => `- ${step}`).join("\n")}`);
    if (story.tests && story.tests !== "not run") lines.push(`**Tests:** ${story.tests}`);
    lines.push(`**What to do next:** ${story.nextStep ?? NEXT_STEPS[record.outcome]}`);
    const where = [
      story.branch ? `Branch: \`${story.branch}\`` : "",
      story.runUrl ? `[workflow run](${story.runUrl})` : "",
    ].filter(Boolean);
    if (where.length) lines.push(where.join(" · "));
  }
  lines.push(renderUsageTable(record), renderUsageMarker(record));
  return lines.join("\n\n");
}
