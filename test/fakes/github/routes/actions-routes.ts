import { cancelWorkflowRun, dispatchWorkflow } from "../changes/workflow-run-changes.ts";
import { resolveCommit } from "../git/bare-repo.ts";
import { notFound } from "../http/http-error.ts";
import type { RouteRequest, Router } from "../http/router.ts";
import { repoApiUrl, repoHtmlUrl } from "../rest/urls.ts";
import { loadRestWorkflowRun, toRestWorkflow } from "../rest/workflow-run.ts";
import type { SimContext } from "../sim-context.ts";
import { findWorkflow, listWorkflowPaths } from "../state/workflow-files.ts";
import type { WorkflowDispatchHandler, WorkflowRunRecord } from "../state/workflow-runs.ts";
import { bodyOf, integerParam, json, paginate, repoRoutes, stringField } from "./route-helpers.ts";

/** Workflows are read from `.github/workflows/` in git; runs are driven by the test's handler. */
export function registerActionsRoutes(
  router: Router,
  ctx: SimContext,
  handler: () => WorkflowDispatchHandler | undefined,
): void {
  const repo = repoRoutes(router, ctx);

  repo("GET", "/actions/workflows", async (request) => {
    const commit = await defaultCommit(ctx);
    const paths = await listWorkflowPaths(ctx, commit);
    const workflows = [];
    for (const path of paths) {
      const workflow = await findWorkflow(ctx, path.split("/").pop() ?? path, commit);
      if (workflow)
        workflows.push(toRestWorkflow(ctx, { ...workflow, createdAt: ctx.repo.createdAt }));
    }
    const { page, headers } = paginate(ctx, request, workflows);
    return json({ total_count: workflows.length, workflows: page }, 200, headers);
  });

  repo("GET", "/actions/workflows/{workflow_id}", async (request) => {
    const workflow = await findWorkflow(
      ctx,
      request.params.workflow_id ?? "",
      await defaultCommit(ctx),
    );
    if (!workflow) throw notFound();
    return json(toRestWorkflow(ctx, { ...workflow, createdAt: ctx.repo.createdAt }));
  });

  repo("POST", "/actions/workflows/{workflow_id}/dispatches", async (request) => {
    const body = bodyOf(request);
    const { run, start } = await dispatchWorkflow(
      ctx,
      {
        workflowId: request.params.workflow_id ?? "",
        ref: stringField(body, "ref") ?? "",
        inputs: (body.inputs as Record<string, unknown> | undefined) ?? {},
      },
      request.actor.login,
      handler(),
    );
    if (body.return_run_details !== true) return { status: 204, after: start };
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${repoApiUrl(ctx)}/actions/runs/${run.id}`,
        html_url: `${repoHtmlUrl(ctx)}/actions/runs/${run.id}`,
      },
      after: start,
    };
  });

  repo("GET", "/actions/runs", async (request) => listRuns(ctx, request, ctx.workflowRuns.all()));

  repo("GET", "/actions/workflows/{workflow_id}/runs", async (request) => {
    const workflow = await findWorkflow(
      ctx,
      request.params.workflow_id ?? "",
      await defaultCommit(ctx),
    );
    if (!workflow) throw notFound();
    return listRuns(
      ctx,
      request,
      ctx.workflowRuns.all().filter((run) => run.workflowId === workflow.id),
    );
  });

  repo("GET", "/actions/runs/{run_id}", async (request) =>
    json(await loadRestWorkflowRun(ctx, findRun(ctx, request))),
  );

  repo("POST", "/actions/runs/{run_id}/cancel", async (request) => {
    await cancelWorkflowRun(ctx, findRun(ctx, request), request.actor.login);
    return json({}, 202);
  });
}

async function defaultCommit(ctx: SimContext): Promise<string> {
  const commit = await resolveCommit(ctx.gitDir, `refs/heads/${ctx.repo.defaultBranch}`);
  if (!commit) throw notFound();
  return commit;
}

function findRun(ctx: SimContext, request: RouteRequest): WorkflowRunRecord {
  const run = ctx.workflowRuns.get(integerParam(request, "run_id"));
  if (!run) throw notFound();
  return run;
}

/** GitHub's run filters: actor, branch, event, status (a status or a conclusion), head_sha. */
async function listRuns(ctx: SimContext, request: RouteRequest, runs: WorkflowRunRecord[]) {
  const { actor, branch, event, status, head_sha: headSha } = request.query;
  const matching = runs
    .filter(
      (run) =>
        (actor === undefined || run.actor === actor) &&
        (branch === undefined || run.headBranch === branch) &&
        (event === undefined || run.event === event) &&
        (status === undefined || run.status === status || run.conclusion === status) &&
        (headSha === undefined || run.headSha === headSha),
    )
    .sort((a, b) => b.id - a.id);
  const { page, headers } = paginate(ctx, request, matching);
  const rest = await Promise.all(page.map((run) => loadRestWorkflowRun(ctx, run)));
  return json({ total_count: matching.length, workflow_runs: rest }, 200, headers);
}
