import { type CommitObject, readCommit } from "../git/read-objects.ts";
import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import type { WorkflowRunRecord } from "../state/workflow-runs.ts";
import { pullRequestsAt } from "./checks.ts";
import { toRestRepository } from "./repository.ts";
import { repoApiUrl, repoHtmlUrl } from "./urls.ts";
import { toSimpleUser } from "./user.ts";

export interface WorkflowInfo {
  id: number;
  path: string;
  name: string;
  createdAt: string;
}

/** `workflow`: an Actions workflow file as the API lists it. */
export function toRestWorkflow(ctx: SimContext, workflow: WorkflowInfo): Record<string, unknown> {
  const file = workflow.path.split("/").pop() ?? workflow.path;
  return {
    id: workflow.id,
    node_id: nodeId("W", workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: "active",
    created_at: workflow.createdAt,
    updated_at: workflow.createdAt,
    url: `${repoApiUrl(ctx)}/actions/workflows/${workflow.id}`,
    html_url: `${repoHtmlUrl(ctx)}/blob/${ctx.repo.defaultBranch}/${workflow.path}`,
    badge_url: `${repoHtmlUrl(ctx)}/workflows/${encodeURIComponent(file)}/badge.svg`,
  };
}

export function toRestWorkflowRun(
  ctx: SimContext,
  run: WorkflowRunRecord,
  headCommit: CommitObject,
): Record<string, unknown> {
  const api = `${repoApiUrl(ctx)}/actions/runs/${run.id}`;
  const repository = toRestRepository(ctx);
  const actor = toSimpleUser(ctx, run.actor);
  return {
    id: run.id,
    name: run.name,
    node_id: nodeId("WFR", run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    display_title: run.displayTitle,
    run_number: run.runNumber,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    check_suite_id: run.id + 1,
    check_suite_node_id: nodeId("CS", run.id + 1),
    url: api,
    html_url: `${repoHtmlUrl(ctx)}/actions/runs/${run.id}`,
    pull_requests: pullRequestsAt(ctx, run.headSha),
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    actor,
    triggering_actor: actor,
    run_attempt: 1,
    referenced_workflows: [],
    run_started_at: run.runStartedAt,
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApiUrl(ctx)}/check-suites/${run.id + 1}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApiUrl(ctx)}/actions/workflows/${run.workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: headCommit.tree,
      message: headCommit.message.replace(/\n$/, ""),
      timestamp: headCommit.committer.date,
      author: { name: headCommit.author.name, email: headCommit.author.email },
      committer: { name: headCommit.committer.name, email: headCommit.committer.email },
    },
    repository,
    head_repository: repository,
  };
}

/** The run with its head commit read from git. */
export async function loadRestWorkflowRun(
  ctx: SimContext,
  run: WorkflowRunRecord,
): Promise<Record<string, unknown>> {
  return toRestWorkflowRun(ctx, run, await readCommit(ctx.gitDir, run.headSha));
}
