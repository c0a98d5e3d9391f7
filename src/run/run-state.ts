import type { AttemptRequest } from "./attempt-request.ts";
import type { BudgetNotice } from "./budget-notice.ts";
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
  /** Link to that report, for people to read what happened. */
  reportUrl?: string | undefined;
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
  /** Budget warnings and stops already posted on the parent. */
  budgetNotices: BudgetNotice[];
};

export type TaskStatus =
  | "waiting"
  | "ready"
  | "requested"
  | "dispatched"
  | "running"
  | "pr-open"
  | "failed"
  | "needs-escalation"
  | "cancelled"
  | "setup-failed"
  | "merged";

/** The one status a task is in, derived from what was observed. */
export function statusOf(
  task: ObservedTask | undefined,
  dependsOn: readonly string[],
  tasks: ReadonlyMap<string, ObservedTask>,
): TaskStatus {
  if (!task) return "waiting";
  // Closed as completed (its pull request merged); not as not planned or as a duplicate.
  const completed = task.issue.stateReason === "completed" || task.issue.stateReason == null;
  if (task.issue.state === "closed" && completed) return "merged";
  const last = task.attempts.at(-1);
  if (pendingRequest(task)) return "requested";
  if (!last) {
    const blocked = dependsOn.some((key) => statusOf(tasks.get(key), [], tasks) !== "merged");
    return blocked ? "waiting" : "ready";
  }
  if (last.error) return "setup-failed";
  if (last.usage) {
    if (last.usage.outcome === "success") return "pr-open";
    return last.usage.outcome === "escalated" ? "needs-escalation" : "failed";
  }
  if (last.runStatus === "completed") {
    if (last.runConclusion === "cancelled") return "cancelled";
    // A run that ended without the executor's report crashed before it could write one.
    return "failed";
  }
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

export const IN_FLIGHT: readonly TaskStatus[] = ["dispatched", "running"];
