import type { AttemptRequest } from "./attempt-request.ts";
import type { DispatchRecord } from "./dispatch-record.ts";
import type { RunRecord } from "./run-record.ts";
import type { UsageRecord } from "./usage-record.ts";

export type ObservedAttempt = DispatchRecord & {
  dispatchCommentId: number;
  /** From the workflow run, when there is one. */
  runStatus?: "queued" | "in_progress" | "completed" | string | undefined;
  runConclusion?: string | null | undefined;
  /** The attempt's own report, once the executor wrote it. */
  usage?: UsageRecord | undefined;
};

export type ObservedTask = {
  key: string;
  issue: {
    number: number;
    id: number;
    state: "open" | "closed";
    stateReason?: string | null | undefined;
  };
  attempts: ObservedAttempt[];
  /** `/retry` and `/escalate` requests, oldest first. */
  requests: AttemptRequest[];
};

/** Everything `decide` needs, read from GitHub; nothing in it is remembered between events. */
export type RunState = {
  parent: number;
  trackingCommentId: number;
  trackingBody: string;
  record: RunRecord;
  tasks: Map<string, ObservedTask>;
};

export type TaskStatus =
  | "waiting"
  | "ready"
  | "requested"
  | "dispatched"
  | "running"
  | "pr-open"
  | "failed"
  | "setup-failed"
  | "merged";

/** The one status a task is in, derived from what was observed. */
export function statusOf(
  task: ObservedTask | undefined,
  dependsOn: readonly string[],
  tasks: ReadonlyMap<string, ObservedTask>,
): TaskStatus {
  if (!task) return "waiting";
  if (task.issue.state === "closed" && task.issue.stateReason !== "not_planned") return "merged";
  const last = task.attempts.at(-1);
  if (pendingRequest(task)) return "requested";
  if (!last) {
    const blocked = dependsOn.some((key) => statusOf(tasks.get(key), [], tasks) !== "merged");
    return blocked ? "waiting" : "ready";
  }
  if (last.error) return "setup-failed";
  if (last.usage) return last.usage.outcome === "success" ? "pr-open" : "failed";
  if (last.runStatus === "completed")
    return last.runConclusion === "success" ? "pr-open" : "failed";
  if (last.runStatus === "in_progress") return "running";
  return "dispatched";
}

/** The newest `/retry` or `/escalate` not dispatched yet. */
export function pendingRequest(task: ObservedTask): AttemptRequest | undefined {
  const request = task.requests.at(-1);
  const dispatched = task.attempts.at(-1)?.attempt ?? 0;
  return request && request.attempt > dispatched ? request : undefined;
}

/** The number the next attempt of a task gets. */
export function nextAttempt(task: ObservedTask): number {
  const attempts = task.attempts.map((attempt) => attempt.attempt);
  const requested = task.requests.map((request) => request.attempt);
  return Math.max(0, ...attempts, ...requested) + 1;
}
