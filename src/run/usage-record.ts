import { z } from "zod";
import { Usage } from "../cost/usage.ts";
import { readMarker, renderMarker } from "../github/hidden-marker.ts";

const MARKER = "usage";
const VERSION = 1;

export const AttemptOutcome = z.enum([
  "success",
  "tests-failed",
  "limit-reached",
  "escalated",
  "error",
]);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

/** What one executor attempt spent and how it ended; written once, by that attempt. */
export const UsageRecord = z.object({
  parent: z.int().positive(),
  taskIssue: z.int().positive(),
  key: z.string(),
  attempt: z.int().positive(),
  model: z.string(),
  outcome: AttemptOutcome,
  usage: Usage,
  /** Undefined when the model's price is unknown. */
  costUsd: z.number().optional(),
  turns: z.int().min(0),
  durationMs: z.int().min(0),
  pullRequest: z.int().positive().optional(),
  runId: z.string().optional(),
  detail: z.string().max(2_000).optional(),
});
export type UsageRecord = z.infer<typeof UsageRecord>;

export function renderUsageMarker(record: UsageRecord): string {
  return renderMarker(MARKER, VERSION, record);
}

export function readUsageRecord(body: string | null | undefined): UsageRecord | undefined {
  return readMarker(body, MARKER, VERSION, UsageRecord);
}
