import { createHash } from "node:crypto";
import type { CacheTtl, PromptSegment } from "./count-tokens.ts";

/** How the input tokens of one request split between the cache and fresh input. */
export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** What a request does to the cache once it is answered: prefixes it writes and the one it read. */
export interface CacheEffect {
  usage: InputUsage;
  writes: Array<{ key: string; ttl: CacheTtl }>;
  read: string | null;
}

interface Entry {
  ttl: CacheTtl;
  expiresAt: number;
}

const TTL_MS: Record<CacheTtl, number> = { "5m": 5 * 60_000, "1h": 60 * 60_000 };

/** The API looks for an earlier cache entry this many blocks before each breakpoint. */
const LOOKBACK_BLOCKS = 20;

/**
 * The prompt cache as the API bills it: a breakpoint writes the prefix that ends there, and a later
 * request with the same model and the same content up to that point reads it instead.
 */
export class PromptCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #minTokens: number;

  constructor(options: { now: () => number; minTokens: number }) {
    this.#now = options.now;
    this.#minTokens = options.minTokens;
  }

  /** The usage of a request with these segments; nothing changes until `commit()`. */
  account(model: string, segments: PromptSegment[]): CacheEffect {
    const keys = prefixKeys(model, segments);
    const cumulative = cumulativeTokens(segments);
    const total = cumulative.at(-1) ?? 0;
    const breakpoints = segments.flatMap((segment, index) => (segment.ttl ? [index] : []));

    let readEnd = -1;
    for (const breakpoint of breakpoints) {
      for (let index = breakpoint; index >= Math.max(0, breakpoint - LOOKBACK_BLOCKS); index--) {
        if (index > readEnd && this.#isLive(keys[index] ?? "")) readEnd = index;
      }
    }
    const readTokens = readEnd >= 0 ? (cumulative[readEnd] ?? 0) : 0;

    const created: Record<CacheTtl, number> = { "5m": 0, "1h": 0 };
    const writes: CacheEffect["writes"] = [];
    let writtenEnd = readEnd;
    for (const breakpoint of breakpoints) {
      const ttl = segments[breakpoint]?.ttl;
      const prefixTokens = cumulative[breakpoint] ?? 0;
      // Shorter prefixes than the model's minimum are silently not cached, as the API does.
      if (!ttl || breakpoint <= readEnd || prefixTokens < this.#minTokens) continue;
      created[ttl] += prefixTokens - (writtenEnd >= 0 ? (cumulative[writtenEnd] ?? 0) : 0);
      writes.push({ key: keys[breakpoint] ?? "", ttl });
      writtenEnd = breakpoint;
    }
    const creationTokens = created["5m"] + created["1h"];
    return {
      usage: {
        input_tokens: total - readTokens - creationTokens,
        cache_creation_input_tokens: creationTokens,
        cache_read_input_tokens: readTokens,
        cache_creation: {
          ephemeral_5m_input_tokens: created["5m"],
          ephemeral_1h_input_tokens: created["1h"],
        },
      },
      writes,
      read: readEnd >= 0 ? (keys[readEnd] ?? null) : null,
    };
  }

  /** Stores the prefixes a served request wrote; a read refreshes its entry's lifetime. */
  commit(effect: CacheEffect): void {
    const now = this.#now();
    for (const { key, ttl } of effect.writes) {
      this.#entries.set(key, { ttl, expiresAt: now + TTL_MS[ttl] });
    }
    const read = effect.read ? this.#entries.get(effect.read) : undefined;
    if (read) read.expiresAt = now + TTL_MS[read.ttl];
  }

  #isLive(key: string): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.expiresAt > this.#now();
  }
}

/** One hash per prefix, chained so that each names the model and every segment up to it. */
function prefixKeys(model: string, segments: PromptSegment[]): string[] {
  let previous = createHash("sha256").update(model).digest("hex");
  return segments.map((segment) => {
    previous = createHash("sha256").update(previous).update(segment.key).digest("hex");
    return previous;
  });
}

function cumulativeTokens(segments: PromptSegment[]): number[] {
  let sum = 0;
  return segments.map((segment) => {
    sum += segment.tokens;
    return sum;
  });
}
