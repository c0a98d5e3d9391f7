import { z } from "zod";
import { readMarker, renderMarker } from "../github/hidden-marker.ts";
import { PlanTask } from "./plan-schema.ts";

const MARKER = "task";
const VERSION = 1;

/** What an executor needs to work on one sub-issue, stored in the sub-issue body. */
export const TaskSpec = PlanTask.extend({
  parent: z.int().positive(),
  addedDependsOn: z.array(z.object({ key: z.string(), file: z.string() })).default([]),
});
export type TaskSpec = z.infer<typeof TaskSpec>;

export function renderTaskSpecMarker(spec: TaskSpec): string {
  return renderMarker(MARKER, VERSION, spec);
}

export function readTaskSpec(body: string | null | undefined): TaskSpec | undefined {
  return readMarker(body, MARKER, VERSION, TaskSpec);
}

/** Branch an executor works on; one per task, stable across retries and escalations. */
export function taskBranch(parent: number, key: string): string {
  return `fanout/${parent}-${key}`;
}
