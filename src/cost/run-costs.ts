import type { FanoutConfig } from "../config/config-schema.ts";
import type { RunState } from "../run/run-state.ts";
import { costOfUsage } from "./cost-of-usage.ts";
import { resolvePricing } from "./pricing.ts";
import { addUsage, type Usage, ZERO_USAGE } from "./usage.ts";

export type TaskCost = { usage: Usage; costUsd: number | undefined };

export type RunCosts = {
  tasks: Map<string, TaskCost>;
  planner: TaskCost;
  total: TaskCost;
  /** Spent so far, counting unknown prices as 0 (they are listed in `unpricedModels`). */
  spentUsd: number;
  unpricedModels: string[];
  /** What the same tokens would have cost on the planner's model; undefined if unpriced. */
  onPlannerModelUsd: number | undefined;
};

/** Costs of a run from its records: the planner's, each task's (all attempts), totals, saving. */
export function computeRunCosts(state: RunState, config: FanoutConfig): RunCosts {
  const table = resolvePricing(config.pricing);
  const planner = state.record.planner;
  const plannerModel = planner?.model ?? config.planner.model;
  const unpriced = new Set<string>();
  const plannerCost: TaskCost = {
    usage: planner?.usage ?? ZERO_USAGE,
    costUsd: planner ? planner.costUsd : 0,
  };
  if (planner && planner.costUsd === undefined) unpriced.add(planner.model);

  let onPlannerModel = costOfUsage(plannerModel, plannerCost.usage, planner?.requests ?? 1, table);
  const tasks = new Map<string, TaskCost>();
  // Spend counts every known price, even in a task that also ran on an unpriced model.
  let knownExecutorSpend = 0;
  for (const [key, task] of state.tasks) {
    let usage = ZERO_USAGE;
    let cost: number | undefined = 0;
    for (const attempt of task.attempts) {
      const record = attempt.usage;
      if (!record) continue;
      usage = addUsage(usage, record.usage);
      if (record.costUsd === undefined) unpriced.add(record.model);
      knownExecutorSpend += record.costUsd ?? 0;
      cost = cost === undefined || record.costUsd === undefined ? undefined : cost + record.costUsd;
      const alternative = costOfUsage(plannerModel, record.usage, record.turns, table);
      onPlannerModel =
        onPlannerModel === undefined || alternative === undefined
          ? undefined
          : onPlannerModel + alternative;
    }
    tasks.set(key, { usage, costUsd: cost });
  }
  const all = [plannerCost, ...tasks.values()];
  const totalUsage = all.reduce((sum, part) => addUsage(sum, part.usage), ZERO_USAGE);
  const known = (plannerCost.costUsd ?? 0) + knownExecutorSpend;
  const anyUnknown = all.some((part) => part.costUsd === undefined);
  return {
    tasks,
    planner: plannerCost,
    total: { usage: totalUsage, costUsd: anyUnknown ? undefined : known },
    spentUsd: known,
    unpricedModels: [...unpriced],
    onPlannerModelUsd: onPlannerModel,
  };
}
