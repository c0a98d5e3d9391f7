import { FanoutConfig } from "../../src/config/config-schema.ts";
import type { PlanTask } from "../../src/plan/plan-schema.ts";
import { validatePlan } from "../../src/plan/validate-plan.ts";
import type { BudgetNotice } from "../../src/run/budget-notice.ts";
import type { RunAction } from "../../src/run/decide-run.ts";
import type { RunRecord } from "../../src/run/run-record.ts";
import type { ObservedAttempt, ObservedTask, RunState } from "../../src/run/run-state.ts";
import type { UsageRecord } from "../../src/run/usage-record.ts";
import { task } from "../plan/plan-fixtures.ts";

export const PARENT = 10;
const DISPATCHED_AT = "2026-11-21T10:00:00.000Z";
const TOKENS = { input: 1_000, output: 200, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 };

export type DispatchAction = Extract<RunAction, { type: "dispatch" }>;

/** A planned run record; tasks go through `validatePlan`, as the app stores them. */
export function plannedRecord(
  tasks: PlanTask[],
  options: { plannerCostUsd?: number | undefined; approvedBy?: string } = {},
): RunRecord {
  const validated = validatePlan({ rationale: "Split by module.", tasks }, { maxTasks: 60 });
  if (!validated.ok) throw new Error(`fixture plan is invalid: ${validated.errors.join("; ")}`);
  return {
    parent: PARENT,
    triggeredBy: "octocat",
    startedAt: DISPATCHED_AT,
    phase: "planned",
    plan: validated.plan,
    planner: {
      model: "claude-sonnet-5-5",
      usage: TOKENS,
      costUsd: "plannerCostUsd" in options ? options.plannerCostUsd : 0,
      requests: 1,
    },
    errors: [],
    ...(options.approvedBy ? { approvedBy: options.approvedBy } : {}),
  };
}

/** A plan task with nothing but the fields these tests care about. */
export function planTask(key: string, dependsOn: string[] = [], files = [`src/${key}.ts`]) {
  return task(key, { dependsOn, files });
}

/** A sub-issue as observed: open, no attempts, no requests unless given. */
export function observedTask(
  key: string,
  issueNumber: number,
  overrides: Partial<Omit<ObservedTask, "key">> = {},
): ObservedTask {
  return {
    key,
    issue: { number: issueNumber, id: issueNumber * 1_000, state: "open" },
    attempts: [],
    requests: [],
    ...overrides,
  };
}

/** A sub-issue closed by its merged pull request. */
export function mergedTask(key: string, issueNumber: number): ObservedTask {
  return observedTask(key, issueNumber, {
    issue: {
      number: issueNumber,
      id: issueNumber * 1_000,
      state: "closed",
      stateReason: "completed",
    },
  });
}

/** The attempt as the app records it when it dispatches (before the run id is known). */
export function dispatchedAttempt(
  attempt: number,
  overrides: Partial<ObservedAttempt> = {},
): ObservedAttempt {
  return {
    attempt,
    model: "claude-haiku-5-5",
    dispatchedAt: DISPATCHED_AT,
    dispatchCommentId: 9_000 + attempt,
    ...overrides,
  };
}

/** What an executor attempt reports when it ends. */
export function usageRecord(
  key: string,
  issueNumber: number,
  attempt: number,
  costUsd: number | undefined,
  outcome: UsageRecord["outcome"] = "success",
): UsageRecord {
  return {
    parent: PARENT,
    taskIssue: issueNumber,
    key,
    attempt,
    model: "claude-haiku-5-5",
    outcome,
    usage: TOKENS,
    costUsd,
    turns: 3,
    durationMs: 60_000,
    ...(outcome === "success" ? { pullRequest: 100 + issueNumber } : {}),
  };
}

/** An attempt that ended and reported what it spent. */
export function finishedAttempt(
  key: string,
  issueNumber: number,
  attempt: number,
  costUsd: number | undefined,
  outcome: UsageRecord["outcome"] = "success",
): ObservedAttempt {
  return dispatchedAttempt(attempt, {
    runId: 500 + attempt,
    runStatus: "completed",
    runConclusion: outcome === "success" ? "success" : "failure",
    usage: usageRecord(key, issueNumber, attempt, costUsd, outcome),
  });
}

export function runState(
  record: RunRecord,
  tasks: ObservedTask[],
  budgetNotices: BudgetNotice[] = [],
): RunState {
  return {
    parent: PARENT,
    trackingCommentId: 77,
    trackingBody: "",
    record,
    tasks: new Map(tasks.map((observed) => [observed.key, observed])),
    budgetNotices,
  };
}

export function configWith(input: {
  maxParallel?: number;
  perTaskUsd?: number;
  perRunUsd?: number;
  requireApproval?: boolean;
  warnAtPercent?: readonly number[];
}): FanoutConfig {
  return FanoutConfig.parse({
    planner: { require_approval: input.requireApproval ?? false },
    executor: { max_parallel: input.maxParallel ?? 3 },
    budget: {
      per_task_usd: input.perTaskUsd ?? 2,
      per_run_usd: input.perRunUsd ?? 20,
      ...(input.warnAtPercent ? { warn_at_percent: input.warnAtPercent } : {}),
    },
  });
}

export function dispatchesOf(actions: readonly RunAction[]): DispatchAction[] {
  return actions.filter((action): action is DispatchAction => action.type === "dispatch");
}
