import { sendWebhook } from "../events/payloads.ts";
import { toRestComment } from "../rest/comment.ts";
import { toRestIssue } from "../rest/issue.ts";
import type { SimContext } from "../sim-context.ts";
import type { CommentRecord } from "../state/comments.ts";
import { timestamp } from "../state/ids.ts";
import type { IssueRecord } from "../state/issues.ts";

export async function addComment(
  ctx: SimContext,
  issue: IssueRecord,
  body: string,
  actor: string,
): Promise<CommentRecord> {
  const now = timestamp();
  const comment = ctx.comments.create(issue.number, body, actor, now);
  issue.updatedAt = now;
  notifyComment(ctx, issue, comment, "created", actor);
  return comment;
}

export async function editComment(
  ctx: SimContext,
  comment: CommentRecord,
  body: string,
  actor: string,
): Promise<void> {
  const from = comment.body;
  comment.body = body;
  comment.updatedAt = timestamp();
  const issue = ctx.issues.get(comment.issueNumber) as IssueRecord;
  notifyComment(ctx, issue, comment, "edited", actor, { body: { from } });
}

export function deleteComment(ctx: SimContext, comment: CommentRecord, actor: string): void {
  const issue = ctx.issues.get(comment.issueNumber) as IssueRecord;
  const rest = toRestComment(ctx, comment);
  ctx.comments.remove(comment.id);
  sendWebhook(
    ctx,
    "issue_comment",
    "deleted",
    { issue: toRestIssue(ctx, issue), comment: rest },
    actor,
  );
}

function notifyComment(
  ctx: SimContext,
  issue: IssueRecord,
  comment: CommentRecord,
  action: string,
  actor: string,
  changes?: Record<string, unknown>,
): void {
  const fields: Record<string, unknown> = {};
  if (changes) fields.changes = changes;
  fields.issue = toRestIssue(ctx, issue);
  fields.comment = toRestComment(ctx, comment);
  sendWebhook(ctx, "issue_comment", action, fields, actor);
}
