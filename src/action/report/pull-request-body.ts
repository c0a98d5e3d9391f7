import { renderUsageTable } from "../../report/usage-table.ts";
import { renderUsageMarker, type UsageRecord } from "../../run/usage-record.ts";

type PullRequestStory = {
  record: UsageRecord;
  summary: string;
  files: readonly string[];
  tests: string;
};

export function renderPullRequestBody({ record, summary, files, tests }: PullRequestStory): string {
  return [
    `Closes #${record.taskIssue} · part of #${record.parent}`,
    "### Summary",
    summary,
    "### Files changed",
    files.length ? files.map((file) => `- \`${file}\``).join("\n") : "- (none)",
    "### Tests",
    tests,
    "### Usage",
    renderUsageTable(record),
    `<sub>Written by a fanout executor (attempt ${record.attempt}). Comment \`/escalate\` to redo it on a stronger model.</sub>`,
    renderUsageMarker(record),
  ].join("\n\n");
}
