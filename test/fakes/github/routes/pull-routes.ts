import { updateIssue } from "../changes/issue-changes.ts";
import { notifyIssue } from "../changes/notify-issue.ts";
import { mergePull, openPullRequest, updatePullBranch } from "../changes/pull-changes.ts";
import { branchSha, mergeBase } from "../git/bare-repo.ts";
import type { MergeMethod } from "../git/merge.ts";
import { diffFiles } from "../git/read-objects.ts";
import { notFound, validationFailed } from "../http/http-error.ts";
import type { RouteRequest, Router } from "../http/router.ts";
import { toRestDiffEntry } from "../rest/git-objects.ts";
import { toRestPullRequest } from "../rest/pull-request.ts";
import { repoHtmlUrl } from "../rest/urls.ts";
import type { SimContext } from "../sim-context.ts";
import type { PullRecord } from "../state/pulls.ts";
import {
  bodyOf,
  integerParam,
  json,
  noContent,
  paginated,
  repoRoutes,
  stringField,
} from "./route-helpers.ts";

export function registerPullRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("POST", "/pulls", async (request) => {
    const body = bodyOf(request);
    const title = stringField(body, "title");
    if (!title) {
      throw validationFailed("Validation Failed", [
        { resource: "PullRequest", field: "title", code: "missing_field" },
      ]);
    }
    const pull = await openPullRequest(
      ctx,
      {
        title,
        body: stringField(body, "body") ?? null,
        head: stringField(body, "head") ?? "",
        base: stringField(body, "base") ?? "",
        draft: body.draft === true,
        maintainerCanModify: body.maintainer_can_modify !== false,
      },
      request.actor.login,
    );
    return json(await toRestPullRequest(ctx, pull), 201);
  });

  repo("GET", "/pulls", async (request) => {
    const pulls = filterPulls(ctx, request);
    const rest = await Promise.all(pulls.map((pull) => toRestPullRequest(ctx, pull)));
    return paginated(ctx, request, rest);
  });

  repo("GET", "/pulls/{pull_number}", async (request) =>
    json(await toRestPullRequest(ctx, findPull(ctx, request))),
  );

  repo("PATCH", "/pulls/{pull_number}", async (request) => {
    const pull = findPull(ctx, request);
    const issue = ctx.issues.get(pull.number);
    if (!issue) throw notFound();
    const body = bodyOf(request);
    const base = stringField(body, "base");
    if (base !== undefined && base !== pull.baseRef) {
      const baseSha = await branchSha(ctx.gitDir, base);
      if (!baseSha) {
        throw validationFailed("Validation Failed", [
          { resource: "PullRequest", field: "base", code: "invalid" },
        ]);
      }
      const changes = { base: { ref: { from: pull.baseRef }, sha: { from: pull.baseSha } } };
      pull.baseRef = base;
      pull.baseSha = baseSha;
      await notifyIssue(ctx, issue, "edited", request.actor.login, { changes });
    }
    if (typeof body.maintainer_can_modify === "boolean")
      pull.maintainerCanModify = body.maintainer_can_modify;
    const state = body.state === "open" || body.state === "closed" ? body.state : undefined;
    await updateIssue(
      ctx,
      issue,
      {
        title: stringField(body, "title"),
        body: body.body === undefined ? undefined : ((body.body as string | null) ?? null),
        state,
      },
      request.actor.login,
    );
    return json(await toRestPullRequest(ctx, pull));
  });

  repo("GET", "/pulls/{pull_number}/files", async (request) => {
    const pull = findPull(ctx, request);
    const head = (await branchSha(ctx.gitDir, pull.headRef)) ?? pull.headSha;
    const base = (await branchSha(ctx.gitDir, pull.baseRef)) ?? head;
    const from = (await mergeBase(ctx.gitDir, base, head)) ?? base;
    const files = await diffFiles(ctx.gitDir, from, head);
    return paginated(
      ctx,
      request,
      files.map((file) => toRestDiffEntry(ctx, file, head)),
    );
  });

  repo("GET", "/pulls/{pull_number}/merge", async (request) => {
    if (!findPull(ctx, request).merged) throw notFound();
    return noContent();
  });

  repo("PUT", "/pulls/{pull_number}/merge", async (request) => {
    const pull = findPull(ctx, request);
    const body = bodyOf(request);
    const sha = await mergePull(
      ctx,
      pull,
      {
        sha: stringField(body, "sha"),
        method: (stringField(body, "merge_method") ?? "merge") as MergeMethod,
        commitTitle: stringField(body, "commit_title"),
        commitMessage: stringField(body, "commit_message"),
      },
      request.actor.login,
    );
    return json({ sha, merged: true, message: "Pull Request successfully merged" });
  });

  repo("PUT", "/pulls/{pull_number}/update-branch", async (request) => {
    const pull = findPull(ctx, request);
    const expected = stringField(bodyOf(request), "expected_head_sha");
    await updatePullBranch(ctx, pull, expected, request.actor.login);
    return json(
      { message: "Updating pull request branch.", url: `${repoHtmlUrl(ctx)}/pull/${pull.number}` },
      202,
    );
  });
}

function findPull(ctx: SimContext, request: RouteRequest): PullRecord {
  const pull = ctx.pulls.get(integerParam(request, "pull_number"));
  if (!pull) throw notFound();
  return pull;
}

/** GitHub's list filters: state (default open), head (`owner:branch`), base; newest first. */
function filterPulls(ctx: SimContext, request: RouteRequest): PullRecord[] {
  const { state = "open", head, base } = request.query;
  const headRef = head?.includes(":") ? head.split(/:(.*)/s) : undefined;
  return ctx.pulls
    .all()
    .filter((pull) => {
      const issue = ctx.issues.get(pull.number);
      if (state !== "all" && issue?.state !== state) return false;
      if (
        headRef &&
        (headRef[0]?.toLowerCase() !== ctx.repo.owner.toLowerCase() || headRef[1] !== pull.headRef)
      ) {
        return false;
      }
      return base === undefined || pull.baseRef === base;
    })
    .sort((a, b) =>
      request.query.direction === "asc" ? a.number - b.number : b.number - a.number,
    );
}
