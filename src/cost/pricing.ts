import type { FanoutConfig } from "../config/config-schema.ts";
import { promptTokens, type Usage } from "./usage.ts";

/** US dollars per million tokens of each kind. */
export type Rates = {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
};

/** A model's price; `longContext` applies to a whole request whose prompt is above the threshold. */
export type ModelPricing = Rates & { longContext?: { aboveTokens: number } & Rates };

export const PRICING_SOURCE = "https://platform.claude.com/docs/en/about-claude/pricing";
export const PRICING_DATE = "2026-11-21";

// Published list prices on PRICING_DATE (model overview pages linked from PRICING_SOURCE).
export const MODEL_PRICING: Readonly<Record<string, ModelPricing>> = {
  "claude-haiku-5-5": {
    input: 0.1,
    output: 0.5,
    cacheWrite5m: 0.125,
    cacheWrite1h: 0.2,
    cacheRead: 0.01,
    longContext: {
      aboveTokens: 100_000,
      input: 0.5,
      output: 2.5,
      cacheWrite5m: 0.625,
      cacheWrite1h: 1,
      cacheRead: 0.05,
    },
  },
  "claude-sonnet-5-5": { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
  "claude-opus-5-5": { input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.2 },
  "claude-sonnet-5": { input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.2 },
  "claude-opus-5": { input: 5, output: 25, cacheWrite5m: 6.25, cacheWrite1h: 10, cacheRead: 0.5 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 },
};

/** The table with the repository's `pricing:` overrides applied (a documented default per kind). */
export function resolvePricing(
  overrides: FanoutConfig["pricing"] = {},
): Record<string, ModelPricing> {
  const table: Record<string, ModelPricing> = { ...MODEL_PRICING };
  for (const [model, price] of Object.entries(overrides)) {
    table[model] = {
      input: price.input,
      output: price.output,
      cacheWrite5m: price.cache_write_5m ?? price.input * 1.25,
      cacheWrite1h: price.cache_write_1h ?? price.input * 2,
      cacheRead: price.cache_read ?? price.input * 0.1,
    };
  }
  return table;
}

/**
 * Cost of one API request in US dollars, or undefined when the model has no known price: an
 * unknown price is shown as unknown, never as $0. Long-context tiers apply per request, so
 * callers price each request and add the results up.
 */
export function costOfRequest(
  model: string,
  usage: Usage,
  table: Readonly<Record<string, ModelPricing>> = MODEL_PRICING,
): number | undefined {
  const pricing = table[model];
  if (!pricing) return undefined;
  const long = pricing.longContext;
  const rates = long && promptTokens(usage) > long.aboveTokens ? long : pricing;
  const dollars =
    usage.input * rates.input +
    usage.output * rates.output +
    usage.cacheWrite5m * rates.cacheWrite5m +
    usage.cacheWrite1h * rates.cacheWrite1h +
    usage.cacheRead * rates.cacheRead;
  return dollars / 1_000_000;
}
