import { costOfRequest, type ModelPricing } from "./pricing.ts";
import type { Usage } from "./usage.ts";

/**
 * Cost of usage summed over `requests` API requests. Long-context tiers apply per request, and a
 * record keeps only the sum, so each request is priced as the average one: exact without tiers,
 * and close with them because an attempt's requests grow evenly.
 */
export function costOfUsage(
  model: string,
  usage: Usage,
  requests: number,
  table: Readonly<Record<string, ModelPricing>>,
): number | undefined {
  const count = Math.max(1, requests);
  const average: Usage = {
    input: usage.input / count,
    output: usage.output / count,
    cacheWrite5m: usage.cacheWrite5m / count,
    cacheWrite1h: usage.cacheWrite1h / count,
    cacheRead: usage.cacheRead / count,
  };
  const each = costOfRequest(model, average, table);
  return each === undefined ? undefined : each * count;
}
