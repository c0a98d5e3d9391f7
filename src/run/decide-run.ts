import type { FanoutConfig } from "../config/config-schema.ts";
import { pendingRequest, type RunState, statusOf } from "./run-state.ts";

export type RunAction = {
  type: "dispatch";
  key: string;
  issueNumber: number;
  attempt: number;
  model: string;
};

/**
 * The rules, as a pure function of what was observed: which tasks start now. A task starts when
 * every dependency is merged, never before approval when approval is required, and never beyond
 * `executor.max_parallel` attempts in flight.
 */
export function decideRun(state: RunState, config: FanoutConfig): RunAction[] {
  const { record } = state;
  if (record.phase !== "planned" || !record.plan) return [];
  if (config.planner.require_approval && !record.approvedBy) return [];

  const statuses = record.plan.tasks.map((task) => ({
    task,
    status: statusOf(state.tasks.get(task.key), task.dependsOn, state.tasks),
  }));
  const inFlight = statuses.filter(
    ({ status }) => status === "dispatched" || status === "running",
  ).length;
  const slots = Math.max(0, config.executor.max_parallel - inFlight);
  return statuses
    .filter(({ status }) => status === "ready" || status === "requested")
    .slice(0, slots)
    .map(({ task }) => {
      const observed = state.tasks.get(task.key)!;
      const request = pendingRequest(observed);
      return {
        type: "dispatch",
        key: task.key,
        issueNumber: observed.issue.number,
        attempt: request?.attempt ?? 1,
        model: request?.model ?? config.executor.model,
      };
    });
}
