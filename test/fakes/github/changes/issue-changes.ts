import type { SimContext } from "../sim-context.ts";
import { timestamp } from "../state/ids.ts";
import type { IssueRecord } from "../state/issues.ts";
import { notifyIssue } from "./notify-issue.ts";

export interface NewIssue {
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
}

/** Opens an issue; labels given at creation each send `labeled` after `opened`, like GitHub. */
export async function openIssue(
  ctx: SimContext,
  input: NewIssue,
  actor: string,
): Promise<IssueRecord> {
  const labels = unique(input.labels ?? []).map((name) => ctx.labels.ensure(name).name);
  const issue = ctx.issues.create(
    {
      title: input.title,
      body: input.body ?? null,
      user: actor,
      labels,
      assignees: input.assignees ?? [],
      isPullRequest: false,
    },
    timestamp(),
  );
  await notifyIssue(ctx, issue, "opened", actor);
  for (const label of labels) await notifyIssue(ctx, issue, "labeled", actor, { label });
  return issue;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  stateReason?: IssueRecord["stateReason"];
  labels?: string[];
  assignees?: string[];
}

/** Applies an update and sends one webhook per kind of change (edited, closed, labels). */
export async function updateIssue(
  ctx: SimContext,
  issue: IssueRecord,
  patch: IssuePatch,
  actor: string,
): Promise<void> {
  const changes: Record<string, { from: unknown }> = {};
  if (patch.title !== undefined && patch.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== issue.body) {
    changes.body = { from: issue.body ?? "" };
    issue.body = patch.body;
  }
  if (patch.assignees !== undefined) issue.assignees = unique(patch.assignees);
  touch(issue);
  if (Object.keys(changes).length > 0) await notifyIssue(ctx, issue, "edited", actor, { changes });
  if (patch.labels !== undefined) await setLabels(ctx, issue, patch.labels, actor);
  if (patch.state !== undefined && patch.state !== issue.state) {
    await setIssueState(ctx, issue, patch.state, patch.stateReason ?? null, actor);
  }
}

export async function setIssueState(
  ctx: SimContext,
  issue: IssueRecord,
  state: "open" | "closed",
  reason: IssueRecord["stateReason"],
  actor: string,
): Promise<void> {
  if (issue.state === state) return;
  issue.state = state;
  touch(issue);
  if (state === "closed") {
    issue.closedAt = issue.updatedAt;
    issue.closedBy = actor;
    issue.stateReason = issue.isPullRequest ? null : (reason ?? "completed");
    await notifyIssue(ctx, issue, "closed", actor);
  } else {
    issue.closedAt = null;
    issue.closedBy = null;
    issue.stateReason = issue.isPullRequest ? null : "reopened";
    await notifyIssue(ctx, issue, "reopened", actor);
  }
}

/** Adds labels not yet on the issue (GitHub ignores the others) and sends `labeled` for each. */
export async function addLabels(
  ctx: SimContext,
  issue: IssueRecord,
  names: string[],
  actor: string,
): Promise<void> {
  for (const name of unique(names)) {
    const label = ctx.labels.ensure(name);
    if (issue.labels.some((existing) => existing.toLowerCase() === label.name.toLowerCase()))
      continue;
    issue.labels.push(label.name);
    touch(issue);
    await notifyIssue(ctx, issue, "labeled", actor, { label: label.name });
  }
}

export async function removeLabel(
  ctx: SimContext,
  issue: IssueRecord,
  name: string,
  actor: string,
): Promise<boolean> {
  const index = issue.labels.findIndex((existing) => existing.toLowerCase() === name.toLowerCase());
  if (index === -1) return false;
  const [removed = name] = issue.labels.splice(index, 1);
  touch(issue);
  await notifyIssue(ctx, issue, "unlabeled", actor, { label: removed });
  return true;
}

/** Replaces the issue's labels: `unlabeled` for each dropped one, `labeled` for each new one. */
export async function setLabels(
  ctx: SimContext,
  issue: IssueRecord,
  names: string[],
  actor: string,
): Promise<void> {
  const wanted = unique(names).map((name) => ctx.labels.ensure(name).name.toLowerCase());
  for (const existing of [...issue.labels]) {
    if (!wanted.includes(existing.toLowerCase())) await removeLabel(ctx, issue, existing, actor);
  }
  await addLabels(ctx, issue, names, actor);
}

function touch(issue: IssueRecord): void {
  issue.updatedAt = timestamp();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
