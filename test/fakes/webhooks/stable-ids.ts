import { createHash } from "node:crypto";

/**
 * A positive integer derived from `text`, the same on every run, for ids a test did not choose.
 * Random ids would make two runs of a failing test differ; counters would depend on test order.
 */
export function stableNumber(text: string, base = 100_000_000): number {
  return base + (createHash("sha256").update(text).digest().readUInt32BE(0) % 100_000_000);
}

/** A 40-hex-digit commit sha derived from `text` (a branch name, say), the same on every run. */
export function fakeSha(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
