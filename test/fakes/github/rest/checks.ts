import type { SimContext } from "../sim-context.ts";
import type { CheckRunRecord } from "../state/check-runs.ts";
import { nodeId } from "../state/ids.ts";
import type { StatusRecord } from "../state/statuses.ts";
import { toRestApp } from "./repository.ts";
import { repoApiUrl, repoHtmlUrl } from "./urls.ts";
import { toSimpleUser } from "./user.ts";

/** Open PRs whose head is at `sha`, as `pull-request-minimal` (check runs list them). */
export function pullRequestsAt(ctx: SimContext, sha: string): Record<string, unknown>[] {
  const repo = { id: ctx.repo.id, url: repoApiUrl(ctx), name: ctx.repo.name };
  return ctx.pulls
    .all()
    .filter((pull) => pull.headSha === sha && ctx.issues.get(pull.number)?.state === "open")
    .map((pull) => ({
      id: pull.id,
      number: pull.number,
      url: `${repoApiUrl(ctx)}/pulls/${pull.number}`,
      head: { ref: pull.headRef, sha: pull.headSha, repo },
      base: { ref: pull.baseRef, sha: pull.baseSha, repo },
    }));
}

/** `check-run`; the check suite is GitHub's auto-created one for the app and sha. */
export function toRestCheckRun(ctx: SimContext, run: CheckRunRecord): Record<string, unknown> {
  const api = `${repoApiUrl(ctx)}/check-runs/${run.id}`;
  const pulls = pullRequestsAt(ctx, run.headSha);
  const headBranch = ctx.pulls.all().find((pull) => pull.headSha === run.headSha)?.headRef ?? null;
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("CR", run.id),
    head_sha: run.headSha,
    external_id: run.externalId ?? "",
    url: api,
    html_url: `${repoHtmlUrl(ctx)}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `https://github.com/apps/${ctx.repo.appSlug}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/annotations`,
    },
    check_suite: {
      id: run.checkSuiteId,
      node_id: nodeId("CS", run.checkSuiteId),
      head_branch: headBranch,
      head_sha: run.headSha,
      status: run.status,
      conclusion: run.conclusion,
      url: `${repoApiUrl(ctx)}/check-suites/${run.checkSuiteId}`,
      before: null,
      after: run.headSha,
      pull_requests: pulls,
      app: toRestApp(ctx),
      created_at: run.startedAt ?? ctx.repo.createdAt,
      updated_at: run.completedAt ?? run.startedAt ?? ctx.repo.createdAt,
    },
    app: toRestApp(ctx),
    pull_requests: pulls,
  };
}

export function toRestStatus(ctx: SimContext, status: StatusRecord): Record<string, unknown> {
  const creator = toSimpleUser(ctx, status.creator);
  return {
    url: `${repoApiUrl(ctx)}/statuses/${status.sha}`,
    avatar_url: creator.avatar_url,
    id: status.id,
    node_id: nodeId("SC", status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    creator,
  };
}
