import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FanoutConfig } from "../../src/config/config-schema.ts";
import { decideRun, type RunAction } from "../../src/run/decide-run.ts";
import type { RunState } from "../../src/run/run-state.ts";
import { configArb, planArb, scenarioArb } from "./run-arbitraries.ts";
import { attemptsInFlight, expectRulesHold, isMerged, spentOf } from "./run-rules.ts";
import { applyActions, type Executors, normaliseRun, simulateRun } from "./run-simulator.ts";
import {
  configWith,
  dispatchesOf,
  finishedAttempt,
  observedTask,
  plannedRecord,
  planTask,
  runState,
} from "./run-state-fixtures.ts";

describe("decideRun on any observed state", () => {
  it("keeps every rule: dependencies, max_parallel, budget, approval, warnings, stop", () => {
    fc.assert(
      fc.property(scenarioArb, ({ state, config }) => {
        expectRulesHold(state, config, decideRun(state, config));
      }),
      { numRuns: 1_500 },
    );
  });

  it("dispatches nothing before approval when approval is required", () => {
    fc.assert(
      fc.property(scenarioArb, ({ state, config }) => {
        const unapproved = { ...state, record: { ...state.record, approvedBy: undefined } };
        const strict = { ...config, planner: { ...config.planner, require_approval: true } };
        expect(dispatchesOf(decideRun(unapproved, strict))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("decides nothing new once its own decision is recorded", () => {
    fc.assert(
      fc.property(scenarioArb, ({ state, config }) => {
        const first = decideRun(state, config);
        const after = structuredClone(state);
        applyActions(after, first);
        const again = decideRun(after, config);
        expectRulesHold(after, config, again);
        // Only cancelling may repeat: a run asked to stop is still observed until it stops.
        expect(again.filter((action) => action.type !== "cancel-run")).toEqual([]);
      }),
      { numRuns: 800 },
    );
  });
});

describe("budget warnings as spending grows", () => {
  it("posts each level at most once per limit, and the highest level reached", () => {
    const growth = fc.record({
      config: configArb,
      costsCents: fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 25 }),
      // The limit may be raised part way, as when someone edits `.github/fanout.yml`.
      raiseAt: fc.option(fc.nat({ max: 25 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(growth, ({ config, costsCents, raiseAt }) => {
        const raised: FanoutConfig = {
          ...config,
          budget: { ...config.budget, per_run_usd: config.budget.per_run_usd * 2 },
        };
        const task = observedTask("t0", 20);
        const state = runState(plannedRecord([planTask("t0")]), [task]);
        const posted = new Map<string, number>();
        costsCents.forEach((cents, index) => {
          const current = raiseAt !== undefined && index >= raiseAt ? raised : config;
          // A failed attempt reports its cost; nothing is retried, so nothing else happens.
          task.attempts.push(finishedAttempt("t0", 20, index + 1, cents / 100, "tests-failed"));
          const actions = decideRun(state, current);
          expectRulesHold(state, current, actions);
          const reached = highestLevelReached(state, current);
          const warned = actions.filter((action) => action.type === "warn-budget");
          if (reached !== undefined && !wasPosted(state, current, reached))
            expect(warned).toMatchObject([{ percent: reached }]);
          applyActions(state, actions);
          for (const { percent, limitUsd } of warned) {
            const level = `${percent}% of ${limitUsd}`;
            posted.set(level, (posted.get(level) ?? 0) + 1);
          }
        });
        for (const [level, times] of posted) expect(times, level).toBe(1);
      }),
      { numRuns: 400 },
    );
  });
});

function highestLevelReached(state: RunState, config: FanoutConfig): number | undefined {
  const percent = (spentOf(state) / config.budget.per_run_usd) * 100;
  return config.budget.warn_at_percent.filter((level) => percent >= level && percent < 100).at(-1);
}

function wasPosted(state: RunState, config: FanoutConfig, percent: number): boolean {
  return state.budgetNotices.some(
    (notice) =>
      notice.kind === "warning" &&
      notice.percent === percent &&
      notice.limitUsd === config.budget.per_run_usd,
  );
}

// Simulated amounts are whole quarters of a dollar: sums of them are exact in floating point,
// so a run can spend its budget to the cent and the stop is reached exactly.
const quarters = (count: number) => count / 4;

const runArb = (budget: "ample" | "tight") =>
  planArb.chain((plan) =>
    fc.record({
      budget: fc.constant(budget),
      plan: fc.constant(plan),
      maxParallel: fc.integer({ min: 1, max: 5 }),
      perTaskQuarters: fc.integer({ min: 1, max: 8 }),
      // Tight: the run's budget is this share of every task spending all of its own.
      runPercent: fc.integer({ min: 0, max: 250 }),
      plannerPercent: fc.integer({ min: 0, max: 40 }),
      // Ample: more than every task spending all of its budget, planner included. Spending the
      // budget exactly is reaching it, and the run then says it stopped.
      spareQuarters: fc.integer({ min: 1, max: 12 }),
      requireApproval: fc.boolean(),
      warnAtPercent: fc.constantFrom([75, 85, 95], [50], [10, 20, 30, 40, 99]),
      executorDraws: fc.array(fc.nat(), { minLength: plan.length * 3, maxLength: plan.length * 3 }),
      orders: fc.array(fc.infiniteStream(fc.nat()), { minLength: 3, maxLength: 3 }),
      redeliveries: fc.nat({ max: 20 }),
      retriesPerTask: budget === "ample" ? fc.constant(0) : fc.nat({ max: 2 }),
    }),
  );
type RunShape = typeof runArb extends (budget: never) => fc.Arbitrary<infer T> ? T : never;

function runConfig(run: RunShape): { config: FanoutConfig; plannerCostUsd: number } {
  const allTasks = run.plan.length * run.perTaskQuarters;
  const tight =
    run.perTaskQuarters + Math.round((run.runPercent / 100) * (allTasks - run.perTaskQuarters));
  const plannerQuarters = Math.floor(
    (run.plannerPercent / 100) * (run.budget === "ample" ? allTasks : tight),
  );
  const runQuarters =
    run.budget === "ample" ? allTasks + plannerQuarters + run.spareQuarters : tight;
  return {
    config: configWith({
      maxParallel: run.maxParallel,
      perTaskUsd: quarters(run.perTaskQuarters),
      perRunUsd: quarters(runQuarters),
      requireApproval: run.requireApproval,
      warnAtPercent: run.warnAtPercent,
    }),
    plannerCostUsd: quarters(plannerQuarters),
  };
}

/**
 * What each attempt spends (never more than the budget it was given, since the executor stops
 * there; often all of it) and whether it succeeds, drawn once per attempt.
 */
function executorsFrom(draws: readonly number[], failures: boolean): Executors {
  const draw = (key: string, attempt: number) =>
    draws[(Number(key.slice(1)) * 3 + attempt - 1) % draws.length] ?? 0;
  return {
    costOf: (key, attempt, budgetUsd) => {
      const n = draw(key, attempt);
      return n % 3 === 0 ? budgetUsd : quarters((n >> 2) % (Math.round(budgetUsd * 4) + 1));
    },
    succeeds: (key, attempt) => !failures || (draw(key, attempt) >> 5) % 4 !== 0,
  };
}

function chooserFrom(stream: fc.Stream<number>): (count: number) => number {
  return (count) => (stream.next().value as number) % count;
}

function countWarnings(decided: readonly RunAction[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const action of decided) {
    if (action.type !== "warn-budget") continue;
    const level = `${action.percent}% of ${action.limitUsd}`;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  return counts;
}

describe("a whole run, event by event", () => {
  it("merges every task exactly once, whatever the order and duplication of events", () => {
    fc.assert(
      fc.property(runArb("ample"), (run) => {
        const { config, plannerCostUsd } = runConfig(run);
        const executors = executorsFrom(run.executorDraws, false);
        const ends = run.orders.map((order) =>
          simulateRun({
            plan: run.plan,
            config,
            plannerCostUsd,
            executors,
            choose: chooserFrom(order),
            retriesPerTask: 0,
            redeliveries: run.redeliveries,
          }),
        );
        const expected = Object.fromEntries(
          run.plan.map((task) => [
            task.key,
            {
              merged: true,
              attempts: [
                { attempt: 1, model: config.executor.model, budgetUsd: config.budget.per_task_usd },
              ],
            },
          ]),
        );
        for (const { state, decided } of ends) {
          expect(normaliseRun(state)).toEqual(expected);
          expect(decided.filter((action) => action.type === "stop-for-budget")).toEqual([]);
          for (const [level, times] of countWarnings(decided)) expect(times, level).toBe(1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("stops within the budget and says so once, with failures and retries", () => {
    let stopped = 0;
    fc.assert(
      fc.property(runArb("tight"), (run) => {
        const { config, plannerCostUsd } = runConfig(run);
        const { state, decided } = simulateRun({
          plan: run.plan,
          config,
          plannerCostUsd,
          executors: executorsFrom(run.executorDraws, true),
          choose: chooserFrom(run.orders[0]!),
          retriesPerTask: run.retriesPerTask,
          redeliveries: run.redeliveries,
        });
        const limit = config.budget.per_run_usd;
        const spent = spentOf(state);
        expect(spent).toBeLessThanOrEqual(limit);
        expect(attemptsInFlight(state)).toEqual([]);
        expect(dispatchesOf(decideRun(state, config))).toEqual([]);
        const stops = decided.filter((action) => action.type === "stop-for-budget");
        const finished = (state.record.plan?.tasks ?? []).every((task) =>
          isMerged(state.tasks.get(task.key)),
        );
        // Once when the limit is reached before the end; a run that ends exactly at it may not.
        if (spent >= limit && !finished) expect(stops).toHaveLength(1);
        else expect(stops.length).toBeLessThanOrEqual(spent >= limit ? 1 : 0);
        for (const [level, times] of countWarnings(decided)) expect(times, level).toBe(1);
        if (spent >= limit) {
          stopped += 1;
          return;
        }
        // Budget left and nothing running: what is not merged failed or waits for what failed.
        for (const task of state.record.plan?.tasks ?? []) {
          const observed = state.tasks.get(task.key);
          if (isMerged(observed)) continue;
          const failed = observed?.attempts.at(-1)?.usage?.outcome === "tests-failed";
          const blocked = task.dependsOn.some((key) => !isMerged(state.tasks.get(key)));
          expect(failed || blocked, `${task.key} is neither merged, failed nor waiting`).toBe(true);
        }
      }),
      { numRuns: 250 },
    );
    // The generator must reach the limit often enough for the stop to be tested at all.
    expect(stopped).toBeGreaterThan(25);
  });
});
