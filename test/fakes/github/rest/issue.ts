import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import type { IssueRecord } from "../state/issues.ts";
import { toRestLabel } from "./label.ts";
import { toReactionRollup } from "./reaction.ts";
import { repoApiUrl, repoHtmlUrl } from "./urls.ts";
import { authorAssociation, toSimpleUser } from "./user.ts";

/** The `issue` object, PRs included (they carry `pull_request`). */
export function toRestIssue(ctx: SimContext, issue: IssueRecord): Record<string, unknown> {
  const api = `${repoApiUrl(ctx)}/issues/${issue.number}`;
  const html = `${repoHtmlUrl(ctx)}/${issue.isPullRequest ? "pull" : "issues"}/${issue.number}`;
  const parent = ctx.subIssues.parentOf(issue.number);
  const rest: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId(issue.isPullRequest ? "PR" : "I", issue.id),
    url: api,
    repository_url: repoApiUrl(ctx),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: toSimpleUser(ctx, issue.user),
    labels: issue.labels.map((name) => toRestLabel(ctx, ctx.labels.ensure(name))),
    assignee: issue.assignees[0] ? toSimpleUser(ctx, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => toSimpleUser(ctx, login)),
    milestone: null,
    locked: issue.locked,
    active_lock_reason: null,
    comments: ctx.comments.forIssue(issue.number).length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy ? toSimpleUser(ctx, issue.closedBy) : null,
    author_association: authorAssociation(ctx, issue.user),
    performed_via_github_app: null,
    timeline_url: `${api}/timeline`,
    reactions: toReactionRollup(ctx, { kind: "issue", number: issue.number }, `${api}/reactions`),
    sub_issues_summary: subIssuesSummary(ctx, issue.number),
    issue_dependencies_summary: dependenciesSummary(ctx, issue.number),
    parent_issue_url: parent === undefined ? null : `${repoApiUrl(ctx)}/issues/${parent}`,
  };
  if (issue.isPullRequest) {
    const pull = ctx.pulls.get(issue.number);
    const pullApi = `${repoApiUrl(ctx)}/pulls/${issue.number}`;
    rest.draft = pull?.draft ?? false;
    rest.pull_request = {
      url: pullApi,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: pull?.mergedAt ?? null,
    };
  }
  return rest;
}

function subIssuesSummary(ctx: SimContext, number: number): Record<string, number> {
  const children = ctx.subIssues.childrenOf(number).map((n) => ctx.issues.get(n));
  const completed = children.filter((child) => child?.state === "closed").length;
  const total = children.length;
  return {
    total,
    completed,
    percent_completed: total === 0 ? 0 : Math.floor((completed * 100) / total),
  };
}

function dependenciesSummary(ctx: SimContext, number: number): Record<string, number> {
  const openOnly = (numbers: number[]) =>
    numbers.filter((n) => ctx.issues.get(n)?.state === "open").length;
  const blockers = ctx.dependencies.blockersOf(number);
  const blocking = ctx.dependencies.blockedBy(number);
  return {
    blocked_by: openOnly(blockers),
    blocking: openOnly(blocking),
    total_blocked_by: blockers.length,
    total_blocking: blocking.length,
  };
}
