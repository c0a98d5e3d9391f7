import { expect } from "vitest";
import type { FanoutConfig } from "../../src/config/config-schema.ts";
import type { RunAction } from "../../src/run/decide-run.ts";
import type { ObservedAttempt, ObservedTask, RunState } from "../../src/run/run-state.ts";
import { dispatchesOf } from "./run-state-fixtures.ts";

/** Sums of dollars are floats; a rounding error is not an overspend. */
export const EPSILON = 1e-9;

// The rules, written again from their definitions rather than from `statusOf`, so that a test
// built on them can disagree with the code under test.

/** A task is merged when its sub-issue was closed as completed (by its pull request). */
export function isMerged(task: ObservedTask | undefined): boolean {
  return (
    task?.issue.state === "closed" &&
    (task.issue.stateReason === "completed" || task.issue.stateReason == null)
  );
}

/** Still running or about to: nothing reported its end, so it holds a slot and its budget. */
export function isUnfinished(attempt: ObservedAttempt): boolean {
  return !attempt.error && !attempt.usage && attempt.runStatus !== "completed";
}

export function attemptsInFlight(state: RunState): { key: string; attempt: ObservedAttempt }[] {
  return [...state.tasks.values()].flatMap((task) => {
    const last = task.attempts.at(-1);
    return last && isUnfinished(last) ? [{ key: task.key, attempt: last }] : [];
  });
}

/** What the usage records (and the planner) say was spent; unknown prices count as 0. */
export function spentOf(state: RunState): number {
  let spent = state.record.planner?.costUsd ?? 0;
  for (const task of state.tasks.values())
    for (const attempt of task.attempts) spent += attempt.usage?.costUsd ?? 0;
  return spent;
}

export function reservedOf(state: RunState, config: FanoutConfig): number {
  return attemptsInFlight(state)
    .map(({ attempt }) => attempt.budgetUsd ?? config.budget.per_task_usd)
    .reduce((a, b) => a + b, 0);
}

/** Checks one decision against every rule that can be judged from the state it was made on. */
export function expectRulesHold(
  state: RunState,
  config: FanoutConfig,
  actions: readonly RunAction[],
): void {
  const plan = state.record.plan;
  const dispatches = dispatchesOf(actions);
  if (!plan) {
    expect(actions).toEqual([]);
    return;
  }
  const planned = new Map(plan.tasks.map((task) => [task.key, task]));
  const limit = config.budget.per_run_usd;
  const spent = spentOf(state);
  const atLimit = Math.abs(spent - limit) < EPSILON;

  // 1. Dependencies first; a closed sub-issue is never worked on; every attempt is new.
  for (const dispatch of dispatches) {
    const task = planned.get(dispatch.key);
    const observed = state.tasks.get(dispatch.key);
    expect(task, `${dispatch.key} is in the plan`).toBeDefined();
    expect(observed?.issue.number, `${dispatch.key}'s sub-issue`).toBe(dispatch.issueNumber);
    expect(observed?.issue.state, `${dispatch.key}'s sub-issue is open`).toBe("open");
    for (const dependency of task?.dependsOn ?? [])
      expect(isMerged(state.tasks.get(dependency)), `${dispatch.key} waits for ${dependency}`).toBe(
        true,
      );
    expect(dispatch.attempt).toBeGreaterThan(observed?.attempts.at(-1)?.attempt ?? 0);
  }
  expect(new Set(dispatches.map(({ key }) => key)).size, "one attempt per task at once").toBe(
    dispatches.length,
  );

  // 2. Within max_parallel, counting what already runs.
  const inFlight = attemptsInFlight(state).length;
  if (dispatches.length > 0)
    expect(inFlight + dispatches.length).toBeLessThanOrEqual(config.executor.max_parallel);

  // 3. Spent plus reserved plus what starts now stays within the run's budget.
  for (const { budgetUsd } of dispatches) {
    expect(budgetUsd).toBeGreaterThan(0);
    expect(budgetUsd).toBeLessThanOrEqual(config.budget.per_task_usd);
  }
  if (dispatches.length > 0) {
    const starting = dispatches.reduce((sum, { budgetUsd }) => sum + budgetUsd, 0);
    if (!atLimit) expect(spent, "nothing starts once the budget is spent").toBeLessThan(limit);
    expect(spent + reservedOf(state, config) + starting).toBeLessThanOrEqual(limit + EPSILON);
  }

  // 4. Nothing before approval.
  if (config.planner.require_approval && !state.record.approvedBy) expect(dispatches).toEqual([]);

  // 7. A warning level is posted once per limit, and only once it is reached.
  const posted = state.budgetNotices.flatMap((notice) =>
    notice.kind === "warning" && notice.limitUsd === limit ? [notice.percent] : [],
  );
  for (const action of actions) {
    if (action.type !== "warn-budget") continue;
    expect(config.budget.warn_at_percent).toContain(action.percent);
    expect(posted, `warning at ${action.percent}% posted before`).not.toContain(action.percent);
    expect(action.limitUsd).toBe(limit);
    expect((spent / limit) * 100).toBeGreaterThanOrEqual(action.percent - EPSILON);
  }

  // The stop: said once per limit, when the budget is spent, cancelling what runs.
  const stops = actions.filter((action) => action.type === "stop-for-budget");
  const announced = state.budgetNotices.some(
    (notice) => notice.kind === "stop" && notice.limitUsd === limit,
  );
  if (!atLimit) {
    // A run that finished as it reached its budget has nothing left to stop.
    const finished = (state.record.plan?.tasks ?? []).every((task) =>
      isMerged(state.tasks.get(task.key)),
    );
    expect(stops).toHaveLength(spent >= limit && !announced && !finished ? 1 : 0);
    const cancels = actions.filter((action) => action.type === "cancel-run");
    const cancellable = attemptsInFlight(state).filter(({ attempt }) => attempt.runId);
    expect(cancels.map((action) => action.key).sort()).toEqual(
      spent >= limit ? cancellable.map(({ key }) => key).sort() : [],
    );
  }
}
