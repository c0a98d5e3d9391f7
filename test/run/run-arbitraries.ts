import fc from "fast-check";
import type { FanoutConfig } from "../../src/config/config-schema.ts";
import type { PlanTask } from "../../src/plan/plan-schema.ts";
import type { AttemptRequest } from "../../src/run/attempt-request.ts";
import type { BudgetNotice } from "../../src/run/budget-notice.ts";
import type { ObservedAttempt, ObservedTask, RunState } from "../../src/run/run-state.ts";
import {
  configWith,
  dispatchedAttempt,
  observedTask,
  plannedRecord,
  planTask,
  runState,
  usageRecord,
} from "./run-state-fixtures.ts";

export const MODELS = ["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5"];
const FILE_POOL = ["src/cli.ts", "src/parser.ts", "README.md", "docs/usage.md", "package.json"];

export function keyOf(index: number): string {
  return `t${index}`;
}

export function issueNumberOf(index: number): number {
  return 20 + index;
}

/** 1–12 tasks; each may depend on earlier ones and share files (validation orders those). */
export const planArb: fc.Arbitrary<PlanTask[]> = fc.integer({ min: 1, max: 12 }).chain((size) =>
  fc.tuple(
    ...Array.from({ length: size }, (_, index) =>
      fc
        .record({
          dependsOn: fc.subarray(
            Array.from({ length: index }, (_, earlier) => keyOf(earlier)),
            { maxLength: Math.min(3, index) },
          ),
          files: fc.subarray(FILE_POOL, { maxLength: 2 }),
        })
        .map(({ dependsOn, files }) => planTask(keyOf(index), dependsOn, files)),
    ),
  ),
);

const warnLevelsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 5 })
  .map((levels) => levels.toSorted((a, b) => a - b));

/** Budgets in whole cents, as people write them. */
export const configArb: fc.Arbitrary<FanoutConfig> = fc
  .record({
    maxParallel: fc.integer({ min: 1, max: 5 }),
    perTaskCents: fc.integer({ min: 1, max: 300 }),
    extraCents: fc.integer({ min: 0, max: 3_000 }),
    requireApproval: fc.boolean(),
    warnAtPercent: fc.oneof(fc.constant([75, 85, 95]), warnLevelsArb),
  })
  .map(({ perTaskCents, extraCents, ...rest }) =>
    configWith({
      ...rest,
      perTaskUsd: perTaskCents / 100,
      perRunUsd: (perTaskCents + extraCents) / 100,
    }),
  );

const FINISHED = ["success", "failed", "run-succeeded", "run-failed", "setup-failed"] as const;
const UNFINISHED = ["dispatched", "queued", "running"] as const;
type Shape = (typeof FINISHED)[number] | (typeof UNFINISHED)[number];
type AttemptShape = { shape: Shape; costCents: number; budgetCents: number | undefined };

const attemptArb = (shapes: readonly Shape[]): fc.Arbitrary<AttemptShape> =>
  fc.record({
    shape: fc.constantFrom(...shapes),
    costCents: fc.integer({ min: 0, max: 150 }),
    budgetCents: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  });

const issueArb = fc.constantFrom<Pick<ObservedTask["issue"], "state" | "stateReason">>(
  { state: "open" },
  { state: "open" },
  { state: "open" },
  { state: "open" },
  { state: "open", stateReason: "reopened" },
  { state: "closed", stateReason: "completed" },
  { state: "closed", stateReason: "completed" },
  { state: "closed", stateReason: null },
  { state: "closed", stateReason: "not_planned" },
  { state: "closed", stateReason: "duplicate" },
);

const taskArb = fc.record({
  // A sub-issue not created yet, or not found.
  missing: fc.oneof(
    { weight: 1, arbitrary: fc.constant(true) },
    { weight: 9, arbitrary: fc.constant(false) },
  ),
  issue: issueArb,
  // Attempts on a model without a known price record no cost.
  priced: fc.oneof(
    { weight: 1, arbitrary: fc.constant(false) },
    { weight: 5, arbitrary: fc.constant(true) },
  ),
  earlier: fc.array(attemptArb(FINISHED), { maxLength: 2 }),
  // Half the tasks have not started; of the others, a quarter still run.
  last: fc.option(
    fc.oneof(
      { weight: 3, arbitrary: attemptArb(FINISHED) },
      { weight: 1, arbitrary: attemptArb(UNFINISHED) },
    ),
    { nil: undefined, freq: 2 },
  ),
  request: fc.option(
    fc.record({ kind: fc.constantFrom("retry", "escalate"), model: fc.constantFrom(...MODELS) }),
    { nil: undefined },
  ),
});
type TaskShape = typeof taskArb extends fc.Arbitrary<infer T> ? T : never;

function buildAttempt(
  key: string,
  issueNumber: number,
  attempt: number,
  { shape, costCents, budgetCents }: AttemptShape,
  priced: boolean,
): ObservedAttempt {
  const base = dispatchedAttempt(attempt, {
    model: MODELS[attempt % MODELS.length],
    ...(budgetCents === undefined ? {} : { budgetUsd: budgetCents / 100 }),
  });
  const runId = 1_000 * issueNumber + attempt;
  const cost = priced ? costCents / 100 : undefined;
  switch (shape) {
    case "success":
    case "failed": {
      const outcome = shape === "success" ? "success" : "tests-failed";
      const usage = usageRecord(key, issueNumber, attempt, cost, outcome);
      return { ...base, runId, runStatus: "completed", runConclusion: "success", usage };
    }
    case "run-succeeded":
      return { ...base, runId, runStatus: "completed", runConclusion: "success" };
    case "run-failed":
      return { ...base, runId, runStatus: "completed", runConclusion: "cancelled" };
    case "setup-failed":
      return { ...base, error: "the executor workflow does not exist on `main`" };
    case "dispatched":
      return base;
    case "queued":
      return { ...base, runId, runStatus: "queued" };
    case "running":
      return { ...base, runId, runStatus: "in_progress" };
  }
}

/**
 * A sub-issue as `observeRun` could find it. Attempt 2 onwards exist because someone asked for
 * them, so each has its request; a new request is only accepted while nothing runs (as
 * `/retry` and `/escalate` check), so a pending one never sits on an unfinished attempt.
 */
function buildTask(index: number, shape: TaskShape): ObservedTask | undefined {
  if (shape.missing) return undefined;
  const key = keyOf(index);
  const number = issueNumberOf(index);
  const shapes = shape.last ? [...shape.earlier, shape.last] : shape.earlier;
  const attempts = shapes.map((attempt, i) =>
    buildAttempt(key, number, i + 1, attempt, shape.priced),
  );
  const requests: AttemptRequest[] = attempts
    .filter((attempt) => attempt.attempt > 1)
    .map((attempt) => ({
      kind: "retry",
      attempt: attempt.attempt,
      model: attempt.model,
      by: "hubot",
    }));
  const last = attempts.at(-1);
  const idle = !last || last.error || last.usage || last.runStatus === "completed";
  if (shape.request && idle)
    requests.push({ ...shape.request, attempt: attempts.length + 1, by: "hubot" });
  return observedTask(key, number, {
    issue: { number, id: number * 1_000, ...shape.issue },
    attempts,
    requests,
  });
}

const noticesArb = (config: FanoutConfig): fc.Arbitrary<BudgetNotice[]> => {
  const limitUsd = config.budget.per_run_usd;
  const warning = (percent: number, limit: number): BudgetNotice => ({
    kind: "warning",
    percent,
    limitUsd: limit,
    spentUsd: (percent / 100) * limit,
  });
  const stop = (limit: number): BudgetNotice => ({
    kind: "stop",
    limitUsd: limit,
    spentUsd: limit,
    cancelled: [],
    notStarted: [],
  });
  return fc
    .record({
      current: fc.subarray(config.budget.warn_at_percent),
      // Notices about an earlier limit (the config changed since) must not count.
      previous: fc.subarray(config.budget.warn_at_percent),
      stoppedNow: fc.boolean(),
      stoppedBefore: fc.boolean(),
    })
    .map(({ current, previous, stoppedNow, stoppedBefore }) => [
      ...previous.map((percent) => warning(percent, limitUsd / 2)),
      ...(stoppedBefore ? [stop(limitUsd / 2)] : []),
      ...current.map((percent) => warning(percent, limitUsd)),
      ...(stoppedNow ? [stop(limitUsd)] : []),
    ]);
};

/** A config and a state observed under it: any plan, any mix of task statuses and spend. */
export const scenarioArb: fc.Arbitrary<{ state: RunState; config: FanoutConfig }> = fc
  .tuple(planArb, configArb)
  .chain(([tasks, config]) =>
    fc
      .record({
        observed: fc.tuple(...tasks.map(() => taskArb)),
        notices: noticesArb(config),
        plannerCost: fc.option(
          fc.integer({ min: 0, max: 600 }).map((cents) => cents / 100),
          { nil: undefined },
        ),
        approvedBy: fc.option(fc.constant("hubot"), { nil: undefined }),
      })
      .map(({ observed, notices, plannerCost, approvedBy }) => {
        const record = plannedRecord(tasks, {
          plannerCostUsd: plannerCost,
          ...(approvedBy ? { approvedBy } : {}),
        });
        const found = observed.flatMap((shape, index) => buildTask(index, shape) ?? []);
        return { state: runState(record, found, notices), config };
      }),
  );
