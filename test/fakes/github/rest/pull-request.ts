import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import type { IssueRecord } from "../state/issues.ts";
import { inspectPull } from "../state/pull-git-state.ts";
import type { PullRecord } from "../state/pulls.ts";
import { toRestLabel } from "./label.ts";
import { toRestRepository } from "./repository.ts";
import { repoApiUrl, repoHtmlUrl } from "./urls.ts";
import { authorAssociation, toSimpleUser } from "./user.ts";

/** The full `pull-request` object, with head, base and mergeability read from git. */
export async function toRestPullRequest(
  ctx: SimContext,
  pull: PullRecord,
): Promise<Record<string, unknown>> {
  const issue = ctx.issues.get(pull.number) as IssueRecord;
  const git = await inspectPull(ctx, pull);
  const api = `${repoApiUrl(ctx)}/pulls/${pull.number}`;
  const issueApi = `${repoApiUrl(ctx)}/issues/${pull.number}`;
  const html = `${repoHtmlUrl(ctx)}/pull/${pull.number}`;
  const repository = toRestRepository(ctx);
  const owner = toSimpleUser(ctx, ctx.repo.owner);
  const side = (ref: string, sha: string) => ({
    label: `${ctx.repo.owner}:${ref}`,
    ref,
    sha,
    user: owner,
    repo: repository,
  });
  return {
    url: api,
    id: pull.id,
    node_id: nodeId("PR", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApiUrl(ctx)}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApiUrl(ctx)}/statuses/${git.headSha}`,
    number: pull.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: toSimpleUser(ctx, issue.user),
    body: issue.body,
    labels: issue.labels.map((name) => toRestLabel(ctx, ctx.labels.ensure(name))),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: issue.assignees[0] ? toSimpleUser(ctx, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => toSimpleUser(ctx, login)),
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRef, git.headSha),
    base: side(pull.baseRef, git.baseSha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApiUrl(ctx)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApiUrl(ctx)}/statuses/${git.headSha}` },
    },
    author_association: authorAssociation(ctx, issue.user),
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: git.mergeable,
    rebaseable: git.mergeable,
    mergeable_state: git.mergeableState,
    merged_by: pull.mergedBy ? toSimpleUser(ctx, pull.mergedBy) : null,
    comments: ctx.comments.forIssue(pull.number).length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: git.commits,
    additions: git.additions,
    deletions: git.deletions,
    changed_files: git.changedFiles,
  };
}
