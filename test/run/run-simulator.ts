import { expect } from "vitest";
import type { FanoutConfig } from "../../src/config/config-schema.ts";
import type { PlanTask } from "../../src/plan/plan-schema.ts";
import { decideRun, type RunAction } from "../../src/run/decide-run.ts";
import type { ObservedAttempt, ObservedTask, RunState } from "../../src/run/run-state.ts";
import { issueNumberOf } from "./run-arbitraries.ts";
import { attemptsInFlight, expectRulesHold, isMerged, isUnfinished } from "./run-rules.ts";
import {
  dispatchedAttempt,
  observedTask,
  plannedRecord,
  runState,
  usageRecord,
} from "./run-state-fixtures.ts";

/** How the executors behave; answers depend only on the attempt, never on the order of events. */
export type Executors = {
  costOf(key: string, attempt: number, budgetUsd: number): number;
  succeeds(key: string, attempt: number): boolean;
};

export type Simulation = {
  plan: PlanTask[];
  config: FanoutConfig;
  plannerCostUsd: number;
  executors: Executors;
  /** Picks among the possible next steps: `choose(n)` is in [0, n). */
  choose: (count: number) => number;
  /** Most `/retry` comments a person posts on one task (on a failed or a waiting task). */
  retriesPerTask: number;
  /** Most webhooks delivered twice. */
  redeliveries: number;
};

/** Something that happens in the world (on GitHub, or in a runner), then reaches fanout. */
type Change =
  | { kind: "approved" }
  | { kind: "run-created" | "run-started" | "attempt-finished"; key: string; attempt: number }
  | { kind: "pull-request-merged"; key: string }
  | { kind: "retry-requested"; key: string; attempt: number; model: string };

const MAX_STEPS = 20_000;

/**
 * Runs a plan to its end. Each step picks at random one change that could happen now (a run
 * starts or ends, a pull request merges, a person approves or retries), the delivery of a change
 * that happened earlier (deliveries are delayed and come in any order), or the redelivery of an
 * old one (which changes nothing). Every delivery reconciles the whole run the way the app
 * does: decide on the whole state, check the decision against the rules, apply it.
 */
export function simulateRun(simulation: Simulation): { state: RunState; decided: RunAction[] } {
  const { plan, config, choose } = simulation;
  const state = runState(
    plannedRecord(plan, { plannerCostUsd: simulation.plannerCostUsd }),
    plan.map((task, index) => observedTask(task.key, issueNumberOf(index))),
  );
  const decided: RunAction[] = [];
  const retries = new Map(plan.map((task) => [task.key, simulation.retriesPerTask]));
  const happened: Change[] = [];
  const undelivered: Change[] = [];
  let redeliveries = simulation.redeliveries;

  const reconcile = () => {
    const actions = decideRun(state, config);
    expectRulesHold(state, config, actions);
    applyActions(state, actions);
    expectNoSharedFileInFlight(state);
    decided.push(...actions);
  };

  reconcile();
  for (let step = 0; step < MAX_STEPS; step++) {
    const possible = possibleChanges(state, simulation, retries);
    if (possible.length === 0 && undelivered.length === 0) return { state, decided };
    const replayable = redeliveries > 0 ? happened.length : 0;
    let pick = choose(possible.length + undelivered.length + replayable);
    if (pick < possible.length) {
      const change = possible[pick]!;
      applyChange(state, change, simulation);
      if (change.kind === "retry-requested")
        retries.set(change.key, (retries.get(change.key) ?? 0) - 1);
      happened.push(change);
      undelivered.push(change);
      continue;
    }
    pick -= possible.length;
    if (pick < undelivered.length) {
      undelivered.splice(pick, 1);
      reconcile();
      continue;
    }
    pick -= undelivered.length;
    redeliveries -= 1;
    const before = structuredClone(state);
    applyChange(state, happened[pick]!, simulation);
    expect(state, "a redelivered event changes nothing").toEqual(before);
    reconcile();
  }
  throw new Error(`the run did not settle in ${MAX_STEPS} steps`);
}

function possibleChanges(
  state: RunState,
  { config }: Simulation,
  retries: ReadonlyMap<string, number>,
): Change[] {
  const changes: Change[] = [];
  if (config.planner.require_approval && !state.record.approvedBy)
    changes.push({ kind: "approved" });
  for (const task of state.record.plan?.tasks ?? []) {
    const { key } = task;
    const observed = state.tasks.get(key)!;
    const last = observed.attempts.at(-1);
    if (last && isUnfinished(last)) {
      const attempt = last.attempt;
      if (!last.runId) changes.push({ kind: "run-created", key, attempt });
      if (last.runStatus === "queued") changes.push({ kind: "run-started", key, attempt });
      changes.push({ kind: "attempt-finished", key, attempt });
      continue;
    }
    if (isMerged(observed)) continue;
    if (last?.usage?.outcome === "success") {
      changes.push({ kind: "pull-request-merged", key });
      continue;
    }
    // A person retries a failed task, or (allowed too) one still waiting for its dependencies.
    const pending = (observed.requests.at(-1)?.attempt ?? 0) > (last?.attempt ?? 0);
    const waiting =
      !last && task.dependsOn.some((dependency) => !isMerged(state.tasks.get(dependency)));
    if ((retries.get(key) ?? 0) > 0 && !pending && (last || waiting)) {
      const attempt = Math.max(0, ...observed.attempts.map((a) => a.attempt)) + 1;
      const model = last?.model ?? config.executor.model;
      changes.push({ kind: "retry-requested", key, attempt, model });
    }
  }
  return changes;
}

/** Applies a change to the world; applying it again does nothing, as with a redelivery. */
function applyChange(state: RunState, change: Change, { executors }: Simulation): void {
  if (change.kind === "approved") {
    state.record = { ...state.record, approvedBy: state.record.approvedBy ?? "hubot" };
    return;
  }
  const task = state.tasks.get(change.key)!;
  if (change.kind === "pull-request-merged") {
    task.issue = { ...task.issue, state: "closed", stateReason: "completed" };
    return;
  }
  if (change.kind === "retry-requested") {
    if (task.requests.some((request) => request.attempt === change.attempt)) return;
    task.requests.push({
      kind: "retry",
      attempt: change.attempt,
      model: change.model,
      by: "hubot",
    });
    return;
  }
  const attempt = task.attempts.find((candidate) => candidate.attempt === change.attempt)!;
  if (!isUnfinished(attempt)) return;
  const runId = attempt.runId ?? runNumber(task, attempt);
  if (change.kind === "run-created") {
    if (!attempt.runId) Object.assign(attempt, { runId, runStatus: "queued" });
  } else if (change.kind === "run-started") {
    if (attempt.runStatus === "queued") attempt.runStatus = "in_progress";
  } else {
    const succeeded = executors.succeeds(task.key, attempt.attempt);
    const budget = attempt.budgetUsd ?? Number.POSITIVE_INFINITY;
    const cost = executors.costOf(task.key, attempt.attempt, budget);
    Object.assign(attempt, {
      runId,
      runStatus: "completed",
      runConclusion: succeeded ? "success" : "failure",
      usage: usageRecord(
        task.key,
        task.issue.number,
        attempt.attempt,
        cost,
        succeeded ? "success" : "tests-failed",
      ),
    });
  }
}

function runNumber(task: ObservedTask, attempt: ObservedAttempt): number {
  return task.issue.number * 10 + attempt.attempt;
}

/** What the app does with a decision, recorded where `observeRun` would read it back. */
export function applyActions(state: RunState, actions: readonly RunAction[]): void {
  for (const action of actions) {
    switch (action.type) {
      case "dispatch": {
        const task = state.tasks.get(action.key)!;
        expect(
          task.attempts.map(({ attempt }) => attempt),
          `${action.key} attempt ${action.attempt} dispatched twice`,
        ).not.toContain(action.attempt);
        task.attempts.push(
          dispatchedAttempt(action.attempt, { model: action.model, budgetUsd: action.budgetUsd }),
        );
        break;
      }
      case "cancel-run": {
        const attempt = state.tasks.get(action.key)?.attempts.at(-1);
        if (attempt && isUnfinished(attempt) && attempt.runId === action.runId)
          Object.assign(attempt, { runStatus: "completed", runConclusion: "cancelled" });
        break;
      }
      case "warn-budget": {
        const { percent, spentUsd, limitUsd } = action;
        state.budgetNotices.push({ kind: "warning", percent, spentUsd, limitUsd });
        break;
      }
      case "stop-for-budget": {
        const { spentUsd, limitUsd, cancelled, notStarted } = action;
        state.budgetNotices.push({ kind: "stop", spentUsd, limitUsd, cancelled, notStarted });
        break;
      }
    }
  }
}

/** Validation orders tasks that share a file, so they never run at the same time. */
function expectNoSharedFileInFlight(state: RunState): void {
  const plan = state.record.plan?.tasks ?? [];
  const running = attemptsInFlight(state).map(({ key }) => key);
  const files = running.flatMap((key) => plan.find((task) => task.key === key)?.files ?? []);
  expect(new Set(files).size, `tasks in flight share a file: ${running.join(", ")}`).toBe(
    files.length,
  );
}

/** What must not depend on the order of events: which tasks merged, and each one's attempts. */
export function normaliseRun(state: RunState): Record<string, unknown> {
  return Object.fromEntries(
    [...state.tasks.values()].map((task) => [
      task.key,
      {
        merged: isMerged(task),
        attempts: task.attempts.map(({ attempt, model, budgetUsd }) => ({
          attempt,
          model,
          budgetUsd,
        })),
      },
    ]),
  );
}
