import { associationOf, type IssueFields, labelObject, shapeIssue } from "./issue-shape.ts";
import {
  type BuiltWebhook,
  type CommonOptions,
  renumber,
  repositoryUrls,
  resolveRepository,
  rewriteStrings,
  startFromExample,
} from "./payload-base.ts";
import { fakeSha, stableNumber } from "./stable-ids.ts";
import { humanUser, legacyNodeId, type WebhookUser } from "./webhook-actors.ts";

export {
  checkRunEvent,
  workflowJobEvent,
  workflowRunEvent,
} from "./ci-payload-builders.ts";
export { type IssueFields, issueIdFor } from "./issue-shape.ts";
export {
  type BuiltWebhook,
  type CommonOptions,
  DEFAULT_REPOSITORY,
  type RepoRef,
} from "./payload-base.ts";
export { parentIssueAdded, subIssueAdded, subIssuesEvent } from "./sub-issue-payload-builders.ts";
export {
  botUser,
  humanUser,
  INSTALLATION_ID,
  installationRef,
  TEST_APP,
  type WebhookUser,
} from "./webhook-actors.ts";

/** `issues.labeled`: `sender` added `label` to the issue (which then carries it). */
export function issueLabeled(
  options: CommonOptions & { label: string; sender: WebhookUser; issue?: IssueFields },
): BuiltWebhook<"issues.labeled"> {
  const payload = startFromExample("issues.labeled", options);
  const repo = resolveRepository(options.repository);
  const names = options.issue?.labels ?? [];
  const labels = names.includes(options.label) ? names : [...names, options.label];
  payload.issue = shapeIssue(payload.issue, { ...options.issue, labels }, repo);
  payload.label = labelObject(options.label, repo);
  return { name: "issues", payload };
}

/**
 * `issue_comment.created`: `sender` commented `body` on issue `issueNumber` (1 by default), or on
 * the pull request with that number when `onPullRequest` is set (GitHub sends PR conversation
 * comments as issue comments, with `issue.pull_request` present).
 */
export function issueCommentCreated(
  options: CommonOptions & {
    body: string;
    sender: WebhookUser;
    onPullRequest?: boolean;
    issueNumber?: number;
    issue?: IssueFields;
    commentId?: number;
  },
): BuiltWebhook<"issue_comment.created"> {
  const example = startFromExample("issue_comment.created", options);
  const repo = resolveRepository(options.repository);
  const number = options.issueNumber ?? options.issue?.number ?? 1;
  const payload = renumber(example, example.issue.number, number);
  const issue = shapeIssue(payload.issue, { ...options.issue, number }, repo);
  const { api, html } = repositoryUrls(repo);
  if (options.onPullRequest) {
    issue.html_url = `${html}/pull/${number}`;
    issue.pull_request = {
      url: `${api}/pulls/${number}`,
      html_url: `${html}/pull/${number}`,
      diff_url: `${html}/pull/${number}.diff`,
      patch_url: `${html}/pull/${number}.patch`,
      merged_at: null,
    };
  }
  payload.issue = issue;
  const commentId = options.commentId ?? stableNumber(`comment:${number}:${options.body}`);
  const comment = rewriteStrings(payload.comment, (text) =>
    text.replaceAll(String(payload.comment.id), String(commentId)),
  );
  comment.id = commentId;
  comment.node_id = legacyNodeId("IssueComment", commentId);
  comment.html_url = `${issue.html_url}#issuecomment-${commentId}`;
  comment.body = options.body;
  comment.user = options.sender;
  comment.author_association = associationOf(options.sender, repo);
  payload.comment = comment;
  return { name: "issue_comment", payload };
}

/** What a test may say about a pull request. */
export type PullRequestFields = CommonOptions & {
  number: number;
  headRef: string;
  /** Defaults to a sha derived from `headRef`. */
  headSha?: string;
  /** Defaults to the repository's default branch. */
  baseRef?: string;
  baseSha?: string;
  title?: string;
  body?: string | null;
  /** Who opened it; the sender unless given. */
  author?: WebhookUser;
  draft?: boolean;
  labels?: string[];
};

/** `pull_request.opened`: `author` (the sender by default) opened `headRef` → `baseRef`. */
export function pullRequestOpened(options: PullRequestFields): BuiltWebhook<"pull_request.opened"> {
  const example = startFromExample("pull_request.opened", options);
  const payload = shapePullRequest(example, options);
  payload.pull_request.state = "open";
  payload.pull_request.merged = false;
  payload.pull_request.merged_at = null;
  payload.pull_request.closed_at = null;
  payload.pull_request.merged_by = null;
  payload.pull_request.merge_commit_sha = null;
  return { name: "pull_request", payload };
}

/**
 * `pull_request.closed`: merged (`merged: true`, by the sender, as `mergeCommitSha`) or closed
 * without merging.
 */
export function pullRequestClosed(
  options: PullRequestFields & { merged: boolean; mergeCommitSha?: string },
): BuiltWebhook<"pull_request.closed"> {
  const example = startFromExample("pull_request.closed", options);
  const payload = shapePullRequest(example, options);
  const pullRequest = payload.pull_request;
  const closedAt = pullRequest.closed_at ?? pullRequest.updated_at;
  pullRequest.state = "closed";
  pullRequest.closed_at = closedAt;
  pullRequest.merged = options.merged;
  pullRequest.merged_at = options.merged ? closedAt : null;
  pullRequest.merged_by = options.merged ? (options.sender ?? humanUser()) : null;
  pullRequest.merge_commit_sha =
    options.mergeCommitSha ?? fakeSha(`merge:${options.number}:${pullRequest.head.sha}`);
  pullRequest.mergeable = null;
  pullRequest.mergeable_state = "unknown";
  return { name: "pull_request", payload };
}

type PullRequestPayload = BuiltWebhook<"pull_request.opened" | "pull_request.closed">["payload"];

function shapePullRequest<P extends PullRequestPayload>(example: P, options: PullRequestFields): P {
  const repo = resolveRepository(options.repository);
  const before = example.pull_request;
  const headSha = options.headSha ?? fakeSha(`head:${options.headRef}`);
  const baseRef = options.baseRef ?? repo.defaultBranch;
  const baseSha = options.baseSha ?? fakeSha(`base:${baseRef}`);
  const payload = rewriteStrings(renumber(example, before.number, options.number), (text) =>
    text.replaceAll(before.head.sha, headSha).replaceAll(before.base.sha, baseSha),
  );
  const author = options.author ?? options.sender ?? humanUser();
  const pullRequest = payload.pull_request;
  payload.number = options.number;
  pullRequest.number = options.number;
  pullRequest.id = options.number + 279_147_435;
  pullRequest.node_id = legacyNodeId("PullRequest", pullRequest.id);
  pullRequest.user = author;
  pullRequest.author_association = associationOf(author, repo);
  pullRequest.title = options.title ?? `Task branch ${options.headRef}`;
  pullRequest.body = options.body === undefined ? pullRequest.body : options.body;
  pullRequest.draft = options.draft ?? false;
  pullRequest.labels = (options.labels ?? []).map((name) => labelObject(name, repo));
  pullRequest.assignee = null;
  pullRequest.assignees = [];
  pullRequest.requested_reviewers = [];
  pullRequest.requested_teams = [];
  pullRequest.milestone = null;
  // Task branches live in the repository itself, so both ends belong to its owner.
  const owner = humanUser(repo.owner);
  pullRequest.head = {
    ...pullRequest.head,
    label: `${repo.owner}:${options.headRef}`,
    ref: options.headRef,
    sha: headSha,
    user: owner,
  };
  pullRequest.base = {
    ...pullRequest.base,
    label: `${repo.owner}:${baseRef}`,
    ref: baseRef,
    sha: baseSha,
    user: owner,
  };
  return payload;
}
