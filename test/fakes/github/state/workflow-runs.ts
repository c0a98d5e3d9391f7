import type { IdSource } from "./ids.ts";

export type RunStatus =
  | "queued"
  | "in_progress"
  | "completed"
  | "waiting"
  | "requested"
  | "pending";
export type RunConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required"
  | "startup_failure";

export interface WorkflowRunRecord {
  id: number;
  runNumber: number;
  workflowId: number;
  /** `.github/workflows/<file>` */
  path: string;
  name: string;
  /** `run-name` evaluated for this run (GitHub's `display_title`); the workflow name without one. */
  displayTitle: string;
  headBranch: string;
  headSha: string;
  event: string;
  status: RunStatus;
  conclusion: RunConclusion | null;
  actor: string;
  inputs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  runStartedAt: string;
  controller: AbortController;
}

export class WorkflowRunStore {
  readonly #runs: WorkflowRunRecord[] = [];
  readonly #workflowIds = new Map<string, number>();
  readonly #runNumbers = new Map<number, number>();
  readonly #ids: IdSource;
  /** Handler promises still running, so a test can wait for them. */
  readonly pending = new Set<Promise<void>>();

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  /** A workflow's id is stable per file path, as on GitHub. */
  workflowId(path: string): number {
    let id = this.#workflowIds.get(path);
    if (id === undefined) {
      id = this.#ids.next("workflow");
      this.#workflowIds.set(path, id);
    }
    return id;
  }

  pathOfWorkflowId(id: number): string | undefined {
    for (const [path, known] of this.#workflowIds) if (known === id) return path;
    return undefined;
  }

  create(
    fields: Omit<WorkflowRunRecord, "id" | "runNumber" | "controller" | "workflowId">,
  ): WorkflowRunRecord {
    const workflowId = this.workflowId(fields.path);
    const runNumber = (this.#runNumbers.get(workflowId) ?? 0) + 1;
    this.#runNumbers.set(workflowId, runNumber);
    const record: WorkflowRunRecord = {
      id: this.#ids.next("workflowRun"),
      runNumber,
      workflowId,
      controller: new AbortController(),
      ...fields,
    };
    this.#runs.push(record);
    return record;
  }

  get(id: number): WorkflowRunRecord | undefined {
    return this.#runs.find((run) => run.id === id);
  }

  all(): WorkflowRunRecord[] {
    return [...this.#runs];
  }
}

/** What a test's dispatch handler receives for each `workflow_dispatch` run. */
export interface WorkflowDispatchEvent {
  /** The run as `GET /actions/runs/{id}` returns it at dispatch time (status `queued`). */
  run: Record<string, unknown>;
  runId: number;
  /** File name of the workflow, e.g. `fanout-executor.yml`. */
  workflowFile: string;
  /** The ref the run was dispatched on, as given. */
  ref: string;
  headSha: string;
  /** Inputs as the run sees them: given values as strings, declared defaults filled in. */
  inputs: Record<string, string>;
  /** A fresh installation token for the run (what the executor would get). */
  token: string;
  /** Aborted when the run is cancelled through the API. */
  signal: AbortSignal;
}

export type WorkflowDispatchHandler = (event: WorkflowDispatchEvent) => void | Promise<void>;
