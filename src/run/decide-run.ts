import type { FanoutConfig } from "../config/config-schema.ts";
import { computeRunCosts } from "../cost/run-costs.ts";
import {
  type ObservedAttempt,
  pendingRequest,
  type RunState,
  statusOf,
  type TaskStatus,
} from "./run-state.ts";

export type RunAction =
  | {
      type: "dispatch";
      key: string;
      issueNumber: number;
      attempt: number;
      model: string;
      budgetUsd: number;
    }
  | { type: "warn-budget"; percent: number; spentUsd: number; limitUsd: number }
  | { type: "cancel-run"; key: string; runId: number }
  | {
      type: "stop-for-budget";
      spentUsd: number;
      limitUsd: number;
      cancelled: string[];
      notStarted: string[];
    };

/**
 * The rules, as a pure function of what was observed. A task starts when every dependency is
 * merged, after approval where approval is required, within `executor.max_parallel`, and only
 * with budget to spare: each attempt reserves its own budget from the run's, so what is spent
 * plus what is reserved never exceeds `budget.per_run_usd`. Crossing a warning level posts a
 * warning once; reaching the budget cancels what runs and says so once.
 */
export function decideRun(state: RunState, config: FanoutConfig): RunAction[] {
  const { record } = state;
  if (record.phase !== "planned" || !record.plan) return [];
  const limit = config.budget.per_run_usd;
  const spent = computeRunCosts(state, config).spentUsd;
  const statuses = record.plan.tasks.map((task) => ({
    task,
    status: statusOf(state.tasks.get(task.key), task.dependsOn, state.tasks),
  }));

  // An attempt holds its slot and its budget until it reports its end, even when its sub-issue
  // was closed meanwhile (by a person, or by its pull request merging before the report came).
  const inFlight = record.plan.tasks.flatMap((task) => {
    const last = state.tasks.get(task.key)?.attempts.at(-1);
    return last && isUnfinished(last) ? [{ key: task.key, attempt: last }] : [];
  });

  const actions: RunAction[] = warnings(state, config, spent);
  if (spent >= limit)
    return [...actions, ...stopForBudget(state, statuses, inFlight, spent, limit)];
  if (config.planner.require_approval && !record.approvedBy) return actions;

  const reserved = inFlight
    .map(({ attempt }) => attempt.budgetUsd ?? config.budget.per_task_usd)
    .reduce((a, b) => a + b, 0);
  let available = limit - spent - reserved;
  let slots = Math.max(0, config.executor.max_parallel - inFlight.length);
  for (const { task, status } of statuses) {
    if (status !== "ready" && status !== "requested") continue;
    if (slots === 0 || available <= 0) break;
    const observed = state.tasks.get(task.key)!;
    // A closed sub-issue is not worked on (closed as not planned: skipped), and a `/retry` of a
    // task still waiting for its dependencies waits with it.
    if (observed.issue.state === "closed" || !dependenciesMerged(task.dependsOn, state)) continue;
    const request = pendingRequest(observed);
    const budgetUsd = roundCents(Math.min(config.budget.per_task_usd, available));
    if (budgetUsd <= 0) break;
    actions.push({
      type: "dispatch",
      key: task.key,
      issueNumber: observed.issue.number,
      attempt: request?.attempt ?? 1,
      model: request?.model ?? config.executor.model,
      budgetUsd,
    });
    available -= budgetUsd;
    slots -= 1;
  }
  return actions;
}

function warnings(state: RunState, config: FanoutConfig, spent: number): RunAction[] {
  const limit = config.budget.per_run_usd;
  const percent = (spent / limit) * 100;
  const posted = new Set(
    state.budgetNotices
      .filter((notice) => notice.kind === "warning" && notice.limitUsd === limit)
      .map((notice) => (notice.kind === "warning" ? notice.percent : 0)),
  );
  // Only the highest level crossed is worth a comment; lower ones would say less, later.
  const crossed = config.budget.warn_at_percent.filter(
    (level) => percent >= level && percent < 100,
  );
  const highest = crossed.at(-1);
  if (highest === undefined || crossed.some((level) => posted.has(level) && level >= highest))
    return [];
  return [{ type: "warn-budget", percent: highest, spentUsd: spent, limitUsd: limit }];
}

function stopForBudget(
  state: RunState,
  statuses: { task: { key: string }; status: TaskStatus }[],
  inFlight: { key: string; attempt: ObservedAttempt }[],
  spent: number,
  limit: number,
): RunAction[] {
  const cancels: RunAction[] = inFlight.flatMap(({ key, attempt }) =>
    attempt.runId ? [{ type: "cancel-run" as const, key, runId: attempt.runId }] : [],
  );
  const announced = state.budgetNotices.some(
    (notice) => notice.kind === "stop" && notice.limitUsd === limit,
  );
  if (announced) return cancels;
  const notStarted = statuses
    .filter(({ status }) => ["waiting", "ready", "requested"].includes(status))
    .map(({ task }) => task.key);
  // The last task's spend reached the budget as the run finished: nothing is left to stop.
  if (statuses.every(({ status }) => status === "merged")) return cancels;
  const cancelled = cancels.map((action) => (action.type === "cancel-run" ? action.key : ""));
  return [
    ...cancels,
    { type: "stop-for-budget", spentUsd: spent, limitUsd: limit, cancelled, notStarted },
  ];
}

/** Nothing reported the attempt's end yet: no dispatch error, no usage record, run not completed. */
function isUnfinished(attempt: ObservedAttempt): boolean {
  return !attempt.error && !attempt.usage && attempt.runStatus !== "completed";
}

function dependenciesMerged(dependsOn: readonly string[], state: RunState): boolean {
  return dependsOn.every((key) => statusOf(state.tasks.get(key), [], state.tasks) === "merged");
}

function roundCents(amount: number): number {
  // Dollars are floats: $0.29 left is 28.999… cents, which must still give 29 cents, or a cent is
  // held back and the next decision starts one more attempt with it.
  return Math.floor(amount * 100 + 1e-6) / 100;
}
