import { costOfRequest, type ModelPricing } from "../../cost/pricing.ts";
import { addUsage, totalTokens, type Usage, ZERO_USAGE } from "../../cost/usage.ts";

export type LimitName = "budget" | "tokens" | "turns" | "timeout";

export type AttemptLimits = {
  maxTurns: number;
  maxTokens: number;
  budgetUsd: number;
  timeoutMs: number;
};

/**
 * Counts what an attempt has spent and says which limit, if any, it has reached. Enforced in
 * code after every model response: the model is never trusted to stop itself.
 */
export function createSpendMeter(
  model: string,
  pricing: Readonly<Record<string, ModelPricing>>,
  limits: AttemptLimits,
  startedAt: number,
) {
  let usage: Usage = ZERO_USAGE;
  let cost: number | undefined = 0;
  let turns = 0;
  return {
    record(requestUsage: Usage): void {
      usage = addUsage(usage, requestUsage);
      const requestCost = costOfRequest(model, requestUsage, pricing);
      cost = cost === undefined || requestCost === undefined ? undefined : cost + requestCost;
      turns += 1;
    },
    reached(now: number): LimitName | undefined {
      if (cost !== undefined && cost >= limits.budgetUsd) return "budget";
      if (totalTokens(usage) >= limits.maxTokens) return "tokens";
      if (turns >= limits.maxTurns) return "turns";
      if (now - startedAt >= limits.timeoutMs) return "timeout";
      return undefined;
    },
    remainingMs(now: number): number {
      return limits.timeoutMs - (now - startedAt);
    },
    get usage() {
      return usage;
    },
    get costUsd() {
      return cost;
    },
    get turns() {
      return turns;
    },
  };
}

export type SpendMeter = ReturnType<typeof createSpendMeter>;

export function describeLimit(limit: LimitName, limits: AttemptLimits): string {
  switch (limit) {
    case "budget":
      return `the task budget of $${formatBudget(limits.budgetUsd)} was reached`;
    case "tokens":
      return `the token limit of ${limits.maxTokens.toLocaleString("en-US")} was reached`;
    case "turns":
      return `the limit of ${limits.maxTurns} model turns was reached`;
    case "timeout":
      return `the time limit of ${Math.round(limits.timeoutMs / 60_000)} minutes was reached`;
  }
}

/** As configured, padded to cents: `toFixed(2)` alone shows $0.005 as `$0.01` and less as `$0.00`. */
function formatBudget(usd: number): string {
  return Number.isInteger(Math.round(usd * 1e6) / 1e4) ? usd.toFixed(2) : String(usd);
}
