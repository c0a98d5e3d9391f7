import type { PlanTask } from "../plan/plan-schema.ts";
import { costOfRequest, MODEL_PRICING, type ModelPricing } from "./pricing.ts";
import type { Usage } from "./usage.ts";

// Typical executor usage per task, from fanout's own runs: most input is re-read from the cache.
const TYPICAL_USAGE: Record<PlanTask["complexity"], Usage> = {
  small: {
    input: 25_000,
    output: 6_000,
    cacheWrite5m: 15_000,
    cacheWrite1h: 0,
    cacheRead: 150_000,
  },
  medium: {
    input: 60_000,
    output: 15_000,
    cacheWrite5m: 30_000,
    cacheWrite1h: 0,
    cacheRead: 400_000,
  },
  large: {
    input: 150_000,
    output: 35_000,
    cacheWrite5m: 60_000,
    cacheWrite1h: 0,
    cacheRead: 1_000_000,
  },
};

// Usage is spread over many requests, each far below long-context thresholds.
const REQUESTS_PER_TASK = 20;

/** Rough executor cost of a plan, for the tracking comment; undefined when the model is unpriced. */
export function estimateRunCost(
  tasks: readonly Pick<PlanTask, "complexity">[],
  model: string,
  table: Readonly<Record<string, ModelPricing>> = MODEL_PRICING,
): number | undefined {
  let total = 0;
  for (const task of tasks) {
    const typical = TYPICAL_USAGE[task.complexity];
    const perRequest = scaleUsage(typical, 1 / REQUESTS_PER_TASK);
    const cost = costOfRequest(model, perRequest, table);
    if (cost === undefined) return undefined;
    total += cost * REQUESTS_PER_TASK;
  }
  return total;
}

function scaleUsage(usage: Usage, factor: number): Usage {
  return {
    input: Math.round(usage.input * factor),
    output: Math.round(usage.output * factor),
    cacheWrite5m: Math.round(usage.cacheWrite5m * factor),
    cacheWrite1h: Math.round(usage.cacheWrite1h * factor),
    cacheRead: Math.round(usage.cacheRead * factor),
  };
}
