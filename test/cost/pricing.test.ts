import { describe, expect, it } from "vitest";
import { FanoutConfig } from "../../src/config/config-schema.ts";
import { estimateRunCost } from "../../src/cost/estimate-run.ts";
import { costOfRequest, resolvePricing } from "../../src/cost/pricing.ts";
import { usageFromApi } from "../../src/cost/usage.ts";

const usage = {
  input: 1_000_000,
  output: 1_000_000,
  cacheWrite5m: 1_000_000,
  cacheWrite1h: 1_000_000,
  cacheRead: 1_000_000,
};

describe("costOfRequest", () => {
  it("prices every token kind at the model's rate", () => {
    expect(costOfRequest("claude-sonnet-5-5", usage)).toBeCloseTo(2 + 10 + 2.5 + 4 + 0.2);
  });

  it("applies Haiku 5.5's long-context rates to a request whose prompt is over 100k tokens", () => {
    const small = {
      input: 50_000,
      output: 1_000,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
      cacheRead: 50_000,
    };
    const large = { ...small, cacheRead: 50_001 };
    expect(costOfRequest("claude-haiku-5-5", small)).toBeCloseTo(
      (50_000 * 0.1 + 1_000 * 0.5 + 50_000 * 0.01) / 1e6,
    );
    expect(costOfRequest("claude-haiku-5-5", large)).toBeCloseTo(
      (50_000 * 0.5 + 1_000 * 2.5 + 50_001 * 0.05) / 1e6,
    );
  });

  it("returns undefined for a model without a price, never 0", () => {
    expect(costOfRequest("claude-unknown-9", usage)).toBeUndefined();
  });

  it("uses config overrides, with documented defaults for cache rates", () => {
    const config = FanoutConfig.parse({ pricing: { "my-model": { input: 1, output: 2 } } });
    expect(costOfRequest("my-model", usage, resolvePricing(config.pricing))).toBeCloseTo(
      1 + 2 + 1.25 + 2 + 0.1,
    );
  });
});

describe("usageFromApi", () => {
  it("splits cache writes by TTL when the API reports them", () => {
    expect(
      usageFromApi({
        input_tokens: 10,
        output_tokens: 5,
        cache_creation_input_tokens: 300,
        cache_read_input_tokens: 40,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 200 },
      }),
    ).toEqual({ input: 10, output: 5, cacheWrite5m: 100, cacheWrite1h: 200, cacheRead: 40 });
  });
});

describe("estimateRunCost", () => {
  it("grows with complexity and is unknown for unpriced models", () => {
    const small = estimateRunCost([{ complexity: "small" }], "claude-haiku-5-5")!;
    const large = estimateRunCost([{ complexity: "large" }], "claude-haiku-5-5")!;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
    expect(estimateRunCost([{ complexity: "small" }], "mystery")).toBeUndefined();
  });
});
