import { sendWebhook } from "../events/payloads.ts";
import { toRestIssue } from "../rest/issue.ts";
import { toRestRepository } from "../rest/repository.ts";
import type { SimContext } from "../sim-context.ts";
import type { IssueRecord } from "../state/issues.ts";

/** Links `child` under `parent`; GitHub sends one webhook from each side of the link. */
export function linkSubIssue(
  ctx: SimContext,
  parent: IssueRecord,
  child: IssueRecord,
  actor: string,
): void {
  ctx.subIssues.link(parent.number, child.number);
  notifyLink(ctx, parent, child, "added", actor);
}

export function unlinkSubIssue(
  ctx: SimContext,
  parent: IssueRecord,
  child: IssueRecord,
  actor: string,
): void {
  ctx.subIssues.unlink(child.number);
  notifyLink(ctx, parent, child, "removed", actor);
}

function notifyLink(
  ctx: SimContext,
  parent: IssueRecord,
  child: IssueRecord,
  change: "added" | "removed",
  actor: string,
): void {
  const fields = {
    sub_issue_id: child.id,
    sub_issue: toRestIssue(ctx, child),
    parent_issue_id: parent.id,
    parent_issue: toRestIssue(ctx, parent),
  };
  const repository = toRestRepository(ctx);
  sendWebhook(
    ctx,
    "sub_issues",
    `sub_issue_${change}`,
    { ...fields, sub_issue_repo: repository },
    actor,
  );
  sendWebhook(
    ctx,
    "sub_issues",
    `parent_issue_${change}`,
    { ...fields, parent_issue_repo: repository },
    actor,
  );
}
