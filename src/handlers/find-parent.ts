import { readTaskSpec } from "../plan/task-spec.ts";

/** The executor workflow's run-name is `fanout task #<task> of #<parent> …` (see the template). */
export function parentFromRunTitle(title: string | null | undefined): number | undefined {
  const match = /^fanout task #\d+ of #(\d+)\b/.exec(title ?? "");
  return match ? Number(match[1]) : undefined;
}

/** A sub-issue fanout created names its parent in its task marker. */
export function parentFromTaskIssue(issue: {
  body?: string | null;
  user?: { type?: string } | null;
}): number | undefined {
  if (issue.user?.type !== "Bot") return undefined;
  return readTaskSpec(issue.body)?.parent;
}
