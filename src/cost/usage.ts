import { z } from "zod";

/** Tokens of one or more model calls, by the kinds the API bills separately. */
export const Usage = z.object({
  input: z.int().min(0),
  output: z.int().min(0),
  cacheWrite5m: z.int().min(0),
  cacheWrite1h: z.int().min(0),
  cacheRead: z.int().min(0),
});
export type Usage = z.infer<typeof Usage>;

export const ZERO_USAGE: Usage = {
  input: 0,
  output: 0,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  cacheRead: 0,
};

/** The subset of the Messages API `usage` object fanout reads. */
export type ApiUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: {
    ephemeral_5m_input_tokens?: number;
    ephemeral_1h_input_tokens?: number;
  } | null;
};

export function usageFromApi(usage: ApiUsage): Usage {
  const written = usage.cache_creation_input_tokens ?? 0;
  const oneHour = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  // Without the breakdown every cache write is the default 5-minute kind.
  const fiveMinutes = usage.cache_creation?.ephemeral_5m_input_tokens ?? written - oneHour;
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheWrite5m: fiveMinutes,
    cacheWrite1h: oneHour,
    cacheRead: usage.cache_read_input_tokens ?? 0,
  };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheWrite5m: a.cacheWrite5m + b.cacheWrite5m,
    cacheWrite1h: a.cacheWrite1h + b.cacheWrite1h,
    cacheRead: a.cacheRead + b.cacheRead,
  };
}

export function totalTokens(usage: Usage): number {
  return usage.input + usage.output + usage.cacheWrite5m + usage.cacheWrite1h + usage.cacheRead;
}

/** Tokens the request's prompt held, which is what long-context price tiers are keyed on. */
export function promptTokens(usage: Usage): number {
  return usage.input + usage.cacheWrite5m + usage.cacheWrite1h + usage.cacheRead;
}
