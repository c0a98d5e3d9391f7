import { sendWebhook } from "../events/payloads.ts";
import { resolveCommit } from "../git/bare-repo.ts";
import { basicError, validationFailed } from "../http/http-error.ts";
import { loadRestWorkflowRun, toRestWorkflow } from "../rest/workflow-run.ts";
import type { SimContext } from "../sim-context.ts";
import { timestamp } from "../state/ids.ts";
import { findWorkflow, type WorkflowFile } from "../state/workflow-files.ts";
import type {
  RunConclusion,
  RunStatus,
  WorkflowDispatchHandler,
  WorkflowRunRecord,
} from "../state/workflow-runs.ts";

export interface DispatchRequest {
  workflowId: string;
  ref: string;
  inputs: Record<string, unknown>;
}

/**
 * Creates a `workflow_dispatch` run after GitHub's checks: the workflow file exists at `ref`
 * (404), has a `workflow_dispatch` trigger and declares every input sent, and gets every required
 * input (422). Returns the run and a starter for the test's handler, to call after responding.
 */
export async function dispatchWorkflow(
  ctx: SimContext,
  request: DispatchRequest,
  actor: string,
  handler: WorkflowDispatchHandler | undefined,
): Promise<{ run: WorkflowRunRecord; start: () => void }> {
  const headSha = await resolveCommit(ctx.gitDir, request.ref);
  if (!headSha) throw validationFailed(`No ref found for: ${request.ref}`);
  const workflow = await findWorkflow(ctx, request.workflowId, headSha);
  if (!workflow) throw basicError(404, "Not Found");
  if (!workflow.dispatchInputs) {
    throw validationFailed("Workflow does not have 'workflow_dispatch' trigger");
  }
  const inputs = resolveInputs(workflow, request.inputs);
  const now = timestamp();
  const run = ctx.workflowRuns.create({
    path: workflow.path,
    name: workflow.name,
    displayTitle: evaluateRunName(workflow, inputs),
    headBranch: request.ref.replace(/^refs\/(heads|tags)\//, ""),
    headSha,
    event: "workflow_dispatch",
    status: "queued",
    conclusion: null,
    actor,
    inputs,
    createdAt: now,
    updatedAt: now,
    runStartedAt: now,
  });
  await notifyRun(ctx, run, workflow, "requested", actor);
  return { run, start: prepareHandler(ctx, run, workflow, request.ref, inputs, handler) };
}

/** `run-name` with `${{ inputs.x }}` replaced; other expressions are beyond the simulator. */
function evaluateRunName(workflow: WorkflowFile, inputs: Record<string, string>): string {
  if (!workflow.runName) return workflow.name;
  return workflow.runName.replace(
    /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g,
    (_all, name: string) => inputs[name] ?? "",
  );
}

function resolveInputs(
  workflow: WorkflowFile,
  given: Record<string, unknown>,
): Record<string, string> {
  const declared = workflow.dispatchInputs ?? {};
  const unexpected = Object.keys(given).filter((key) => !(key in declared));
  if (unexpected.length > 0) {
    throw validationFailed(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  }
  const inputs: Record<string, string> = {};
  for (const [key, spec] of Object.entries(declared)) {
    const value = given[key] ?? spec.default;
    if (value === undefined || value === null) {
      if (spec.required) throw validationFailed(`Required input '${key}' not provided`);
      continue;
    }
    inputs[key] = String(value);
  }
  return inputs;
}

/**
 * The handler's run, counted as pending from the dispatch on (so `waitForWorkflowHandlers` cannot
 * miss it) but started only by the returned function, once the response is out.
 */
function prepareHandler(
  ctx: SimContext,
  run: WorkflowRunRecord,
  workflow: WorkflowFile,
  ref: string,
  inputs: Record<string, string>,
  handler: WorkflowDispatchHandler | undefined,
): () => void {
  if (!handler) return () => undefined;
  const token = ctx.tokens.issue({ login: `${ctx.repo.appSlug}[bot]` }).token;
  let start: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    start = resolve;
  });
  const task = (async () => {
    await started;
    try {
      await handler({
        run: await loadRestWorkflowRun(ctx, run),
        runId: run.id,
        workflowFile: workflow.path.split("/").pop() ?? workflow.path,
        ref,
        headSha: run.headSha,
        inputs,
        token,
        signal: run.controller.signal,
      });
    } catch (error) {
      const message = `workflow dispatch handler for run ${run.id} threw: ${String(error)}`;
      ctx.violations.push({ source: "workflow-handler", message });
    }
  })();
  ctx.workflowRuns.pending.add(task);
  void task.finally(() => ctx.workflowRuns.pending.delete(task));
  return start;
}

export interface RunUpdate {
  status?: RunStatus;
  conclusion?: RunConclusion;
}

/** Moves a run on and sends `workflow_run.in_progress` / `completed` as GitHub would. */
export async function updateWorkflowRun(
  ctx: SimContext,
  run: WorkflowRunRecord,
  update: RunUpdate,
  actor: string,
): Promise<void> {
  if (run.status === "completed") {
    throw new Error(`workflow run ${run.id} is already completed (${run.conclusion})`);
  }
  const status = update.conclusion ? "completed" : (update.status ?? run.status);
  if (status === "completed" && !update.conclusion) {
    throw new Error(`completing workflow run ${run.id} needs a conclusion`);
  }
  const workflow = workflowOf(run);
  const now = timestamp();
  if (status === "in_progress" && run.status !== "in_progress") {
    run.status = "in_progress";
    run.runStartedAt = now;
    run.updatedAt = now;
    await notifyRun(ctx, run, workflow, "in_progress", actor);
  } else if (status === "completed") {
    run.status = "completed";
    run.conclusion = update.conclusion ?? null;
    run.updatedAt = now;
    await notifyRun(ctx, run, workflow, "completed", actor);
  } else {
    run.status = status;
    run.updatedAt = now;
  }
}

/** `POST /actions/runs/{id}/cancel`: 409 once completed; otherwise cancels and tells the handler. */
export async function cancelWorkflowRun(
  ctx: SimContext,
  run: WorkflowRunRecord,
  actor: string,
): Promise<void> {
  if (run.status === "completed") {
    throw basicError(409, "Cannot cancel a workflow run that is completed.");
  }
  await updateWorkflowRun(ctx, run, { conclusion: "cancelled" }, actor);
  run.controller.abort(new Error(`workflow run ${run.id} was cancelled`));
}

/** The run's workflow as it was when dispatched (the file may have changed since). */
function workflowOf(run: WorkflowRunRecord): WorkflowFile {
  return {
    id: run.workflowId,
    path: run.path,
    name: run.name,
    dispatchInputs: {},
  };
}

async function notifyRun(
  ctx: SimContext,
  run: WorkflowRunRecord,
  workflow: WorkflowFile,
  action: string,
  actor: string,
): Promise<void> {
  const fields = {
    workflow: toRestWorkflow(ctx, { ...workflow, createdAt: ctx.repo.createdAt }),
    workflow_run: await loadRestWorkflowRun(ctx, run),
  };
  sendWebhook(ctx, "workflow_run", action, fields, actor);
}
