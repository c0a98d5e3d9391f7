import { z } from "zod";
import { readMarker, renderMarker } from "../github/hidden-marker.ts";

const MARKER = "dispatch";
const VERSION = 1;

/**
 * An attempt, recorded on its sub-issue by the app before the workflow is dispatched, so a
 * redelivered event finds it and never dispatches twice; the run id is added once known.
 */
export const DispatchRecord = z.object({
  attempt: z.int().positive(),
  model: z.string(),
  dispatchedAt: z.iso.datetime(),
  runId: z.int().positive().optional(),
  runUrl: z.string().optional(),
  /** What this attempt may spend; reserved from the run's budget while it runs. */
  budgetUsd: z.number().positive().optional(),
  /** Why the dispatch itself failed (workflow missing, not dispatchable); nothing ran. */
  error: z.string().optional(),
});
export type DispatchRecord = z.infer<typeof DispatchRecord>;

export function renderDispatchComment(record: DispatchRecord, workflow: string): string {
  const run = record.runUrl ? ` · [workflow run](${record.runUrl})` : "";
  const line = record.error
    ? `⚠️ **Attempt ${record.attempt}** could not start: ${record.error}`
    : `🚀 **Attempt ${record.attempt}** dispatched on \`${record.model}\` through \`.github/workflows/${workflow}\`${run}.`;
  return `${line}\n\n${renderMarker(MARKER, VERSION, record)}`;
}

export function readDispatchRecord(body: string | null | undefined): DispatchRecord | undefined {
  return readMarker(body, MARKER, VERSION, DispatchRecord);
}
