import { sendWebhook } from "../events/payloads.ts";
import { toRestIssue } from "../rest/issue.ts";
import { toRestLabel } from "../rest/label.ts";
import { toRestPullRequest } from "../rest/pull-request.ts";
import type { SimContext } from "../sim-context.ts";
import type { IssueRecord } from "../state/issues.ts";

/**
 * Sends the webhook for a change to an issue, or to a PR through the issue endpoints: GitHub
 * reports a labeled, closed or edited PR as `pull_request`, never as `issues`.
 */
export async function notifyIssue(
  ctx: SimContext,
  issue: IssueRecord,
  action: string,
  sender: string,
  extra: { label?: string; changes?: Record<string, unknown> } = {},
): Promise<void> {
  const fields: Record<string, unknown> = {};
  if (extra.changes) fields.changes = extra.changes;
  if (extra.label !== undefined) fields.label = toRestLabel(ctx, ctx.labels.ensure(extra.label));
  const pull = issue.isPullRequest ? ctx.pulls.get(issue.number) : undefined;
  if (pull) {
    sendWebhook(
      ctx,
      "pull_request",
      action,
      { number: issue.number, ...fields, pull_request: await toRestPullRequest(ctx, pull) },
      sender,
    );
    return;
  }
  sendWebhook(ctx, "issues", action, { ...fields, issue: toRestIssue(ctx, issue) }, sender);
}
