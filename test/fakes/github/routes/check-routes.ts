import {
  type CheckRunInput,
  createCheckRun,
  updateCheckRun,
} from "../changes/check-run-changes.ts";
import { resolveCommit } from "../git/bare-repo.ts";
import { notFound, validationFailed } from "../http/http-error.ts";
import type { RouteRequest, Router } from "../http/router.ts";
import { toRestCheckRun, toRestStatus } from "../rest/checks.ts";
import { toRestRepository } from "../rest/repository.ts";
import { repoApiUrl } from "../rest/urls.ts";
import type { SimContext } from "../sim-context.ts";
import { type CheckRunRecord, latestPerName } from "../state/check-runs.ts";
import { timestamp } from "../state/ids.ts";
import { combineStates, type StatusState } from "../state/statuses.ts";
import {
  bodyOf,
  integerParam,
  json,
  paginate,
  paginated,
  repoRoutes,
  stringField,
} from "./route-helpers.ts";

/** Check runs and commit statuses, the two ways a sha gets a verdict. */
export function registerCheckRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("POST", "/check-runs", async (request) => {
    const body = bodyOf(request);
    const headSha = stringField(body, "head_sha") ?? "";
    const sha = await resolveCommit(ctx.gitDir, headSha);
    if (!sha || sha !== headSha) throw validationFailed(`No commit found for SHA: ${headSha}`);
    const run = createCheckRun(
      ctx,
      sha,
      stringField(body, "name") ?? "",
      body as CheckRunInput,
      request.actor.login,
    );
    return json(toRestCheckRun(ctx, run), 201);
  });

  repo("GET", "/check-runs/{check_run_id}", async (request) =>
    json(toRestCheckRun(ctx, findRun(ctx, request))),
  );

  repo("PATCH", "/check-runs/{check_run_id}", async (request) => {
    const run = findRun(ctx, request);
    updateCheckRun(ctx, run, bodyOf(request) as CheckRunInput, request.actor.login);
    return json(toRestCheckRun(ctx, run));
  });

  repo("GET", "/check-runs/{check_run_id}/annotations", async (request) => {
    const run = findRun(ctx, request);
    const annotations = run.annotations.map((annotation) => ({
      path: annotation.path,
      start_line: annotation.start_line,
      end_line: annotation.end_line,
      start_column: annotation.start_column ?? null,
      end_column: annotation.end_column ?? null,
      annotation_level: annotation.annotation_level,
      title: annotation.title ?? null,
      message: annotation.message,
      raw_details: annotation.raw_details ?? null,
      blob_href: `https://github.com/${ctx.repo.owner}/${ctx.repo.name}/blob/${run.headSha}/${annotation.path}`,
    }));
    return paginated(ctx, request, annotations);
  });

  repo("GET", "/commits/{ref+}/check-runs", async (request) => {
    const sha = await commitOf(ctx, request);
    const { check_name: name, status, filter = "latest" } = request.query;
    let runs = ctx.checkRuns.forSha(sha).sort((a, b) => b.id - a.id);
    if (filter === "latest") runs = latestPerName(runs);
    runs = runs.filter(
      (run) =>
        (name === undefined || run.name === name) &&
        (status === undefined || run.status === status),
    );
    const { page, headers } = paginate(ctx, request, runs);
    return json(
      { total_count: runs.length, check_runs: page.map((run) => toRestCheckRun(ctx, run)) },
      200,
      headers,
    );
  });

  repo("POST", "/statuses/{sha}", async (request) => {
    const sha = request.params.sha ?? "";
    if ((await resolveCommit(ctx.gitDir, sha)) !== sha)
      throw validationFailed(`No commit found for SHA: ${sha}`);
    const body = bodyOf(request);
    const now = timestamp();
    const status = ctx.statuses.create({
      sha,
      state: body.state as StatusState,
      context: stringField(body, "context") ?? "default",
      description: stringField(body, "description") ?? null,
      targetUrl: stringField(body, "target_url") ?? null,
      creator: request.actor.login,
      createdAt: now,
      updatedAt: now,
    });
    return json(toRestStatus(ctx, status), 201);
  });

  repo("GET", "/commits/{ref+}/status", async (request) => {
    const sha = await commitOf(ctx, request);
    const statuses = ctx.statuses.latestForSha(sha);
    const { page, headers } = paginate(ctx, request, statuses);
    return json(
      {
        state: combineStates(statuses),
        statuses: page.map((status) => ({ ...toRestStatus(ctx, status), required: null })),
        sha,
        total_count: statuses.length,
        repository: toRestRepository(ctx),
        commit_url: `${repoApiUrl(ctx)}/commits/${sha}`,
        url: `${repoApiUrl(ctx)}/commits/${sha}/status`,
      },
      200,
      headers,
    );
  });

  repo("GET", "/commits/{ref+}/statuses", async (request) => {
    const sha = await commitOf(ctx, request);
    return paginated(
      ctx,
      request,
      ctx.statuses.forSha(sha).map((status) => toRestStatus(ctx, status)),
    );
  });
}

function findRun(ctx: SimContext, request: RouteRequest): CheckRunRecord {
  const run = ctx.checkRuns.get(integerParam(request, "check_run_id"));
  if (!run) throw notFound();
  return run;
}

async function commitOf(ctx: SimContext, request: RouteRequest): Promise<string> {
  const ref = request.params.ref ?? "";
  const sha = await resolveCommit(ctx.gitDir, ref);
  if (!sha) throw validationFailed(`No commit found for SHA: ${ref}`);
  return sha;
}
