import { parse } from "yaml";
import { listTree, readBlob, statPath } from "../git/read-objects.ts";
import type { SimContext } from "../sim-context.ts";

export interface DispatchInput {
  required: boolean;
  default: unknown;
}

export interface WorkflowFile {
  id: number;
  path: string;
  name: string;
  /** The `run-name:` expression, which GitHub shows as each run's `display_title`. */
  runName?: string | undefined;
  /** The `workflow_dispatch` trigger's inputs, or undefined when the workflow has no such trigger. */
  dispatchInputs: Record<string, DispatchInput> | undefined;
}

const WORKFLOWS_DIR = ".github/workflows";

/**
 * Finds a workflow by file name or numeric id in the repository at `commit`, reading and parsing
 * the YAML from git like GitHub reads the file at the dispatched ref.
 */
export async function findWorkflow(
  ctx: SimContext,
  workflowId: string,
  commit: string,
): Promise<WorkflowFile | undefined> {
  let path = `${WORKFLOWS_DIR}/${workflowId}`;
  if (/^\d+$/.test(workflowId)) {
    await listWorkflowPaths(ctx, commit);
    const known = ctx.workflowRuns.pathOfWorkflowId(Number(workflowId));
    if (!known) return undefined;
    path = known;
  }
  const object = await statPath(ctx.gitDir, commit, path);
  if (object?.type !== "blob") return undefined;
  const text = (await readBlob(ctx.gitDir, object.sha)).toString("utf8");
  return parseWorkflow(ctx.workflowRuns.workflowId(path), path, text);
}

/** Every workflow file at `commit`; registering them gives each its stable id. */
export async function listWorkflowPaths(ctx: SimContext, commit: string): Promise<string[]> {
  const dir = await statPath(ctx.gitDir, commit, WORKFLOWS_DIR);
  if (dir?.type !== "tree") return [];
  const entries = await listTree(ctx.gitDir, commit, { directory: WORKFLOWS_DIR });
  const paths = entries
    .filter((entry) => entry.type === "blob" && /\.ya?ml$/.test(entry.path))
    .map((entry) => entry.path);
  for (const path of paths) ctx.workflowRuns.workflowId(path);
  return paths;
}

function parseWorkflow(id: number, path: string, text: string): WorkflowFile {
  let document: Record<string, unknown> = {};
  try {
    const parsed = parse(text);
    if (parsed && typeof parsed === "object") document = parsed as Record<string, unknown>;
  } catch {
    // GitHub still lists a workflow with invalid YAML; it just cannot be dispatched.
  }
  const name = typeof document.name === "string" ? document.name : path;
  const runName = typeof document["run-name"] === "string" ? document["run-name"] : undefined;
  return { id, path, name, runName, dispatchInputs: readDispatchInputs(document.on) };
}

function readDispatchInputs(on: unknown): Record<string, DispatchInput> | undefined {
  if (on === "workflow_dispatch") return {};
  if (Array.isArray(on)) return on.includes("workflow_dispatch") ? {} : undefined;
  if (!on || typeof on !== "object" || !("workflow_dispatch" in on)) return undefined;
  const trigger = (on as Record<string, unknown>).workflow_dispatch;
  const inputs =
    trigger && typeof trigger === "object"
      ? (trigger as Record<string, unknown>).inputs
      : undefined;
  const result: Record<string, DispatchInput> = {};
  if (inputs && typeof inputs === "object") {
    for (const [key, spec] of Object.entries(inputs as Record<string, unknown>)) {
      const fields = (spec && typeof spec === "object" ? spec : {}) as Record<string, unknown>;
      result[key] = { required: fields.required === true, default: fields.default };
    }
  }
  return result;
}
