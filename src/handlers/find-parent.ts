import { readTaskSpec } from "../plan/task-spec.ts";
import { readUsageRecord } from "../run/usage-record.ts";

/** The executor workflow's run-name is `fanout task #<task> of #<parent> …` (see the template). */
export function parentFromRunTitle(title: string | null | undefined): number | undefined {
  const match = /^fanout task #\d+ of #(\d+)\b/.exec(title ?? "");
  return match ? Number(match[1]) : undefined;
}

/** Task branches are `fanout/<parent>-<key>`. */
export function parentFromBranch(ref: string | null | undefined): number | undefined {
  const match = /^fanout\/(\d+)-[a-z0-9-]+$/.exec(ref ?? "");
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

/** An executor's report on a sub-issue names the run it belongs to. */
export function parentFromReport(comment: {
  body?: string | null;
  user?: { type?: string } | null;
}): number | undefined {
  if (comment.user?.type !== "Bot") return undefined;
  return readUsageRecord(comment.body)?.parent;
}

/** Where an issue comment's run lives: a task sub-issue or task PR names its parent; else the issue itself. */
export function parentOfCommentTarget(issue: {
  number: number;
  body?: string | null;
  user?: { type?: string } | null;
  pull_request?: unknown;
}): number {
  if (issue.pull_request) {
    const match = /part of #(\d+)/.exec(issue.body ?? "");
    return match ? Number(match[1]) : issue.number;
  }
  return parentFromTaskIssue(issue) ?? issue.number;
}
