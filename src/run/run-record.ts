import { z } from "zod";
import { Usage } from "../cost/usage.ts";
import { readMarker, renderMarker } from "../github/hidden-marker.ts";
import { PlanTask } from "../plan/plan-schema.ts";

const MARKER = "run";
const VERSION = 1;

export const ValidatedTaskRecord = PlanTask.extend({
  addedDependsOn: z.array(z.object({ key: z.string(), file: z.string() })),
});

export const PlannerRecord = z.object({
  model: z.string(),
  usage: Usage,
  /** Undefined when the model's price is unknown. */
  costUsd: z.number().optional(),
  requests: z.int().min(1),
});
export type PlannerRecord = z.infer<typeof PlannerRecord>;

/**
 * The run's own record, kept in the tracking comment (fanout is its only writer). The plan is
 * written once; everything else a view shows is observed from GitHub each time.
 */
export const RunRecord = z.object({
  parent: z.int().positive(),
  triggeredBy: z.string(),
  startedAt: z.iso.datetime(),
  phase: z.enum(["planning", "planned", "failed"]),
  plan: z.object({ rationale: z.string(), tasks: z.array(ValidatedTaskRecord) }).optional(),
  planner: PlannerRecord.optional(),
  errors: z.array(z.string()).default([]),
  approvedBy: z.string().optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;

export function renderRunMarker(record: RunRecord): string {
  return renderMarker(MARKER, VERSION, record);
}

export function readRunRecord(body: string | null | undefined): RunRecord | undefined {
  return readMarker(body, MARKER, VERSION, RunRecord);
}
