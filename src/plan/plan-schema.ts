import { z } from "zod";

/** One unit of work the planner hands to an executor; `key` names its branch and sub-issue. */
export const PlanTask = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
    .describe(
      "Stable id: lowercase letters, digits and dashes, at most 40 characters, e.g. `add-parser`.",
    ),
  title: z.string().min(3).max(120).describe("Short imperative title of the sub-issue."),
  type: z.enum(["feature", "fix", "refactor", "test", "docs", "chore"]),
  complexity: z.enum(["small", "medium", "large"]),
  steps: z.array(z.string().min(1)).min(1).max(15).describe("Concrete steps, in order."),
  files: z
    .array(z.string().min(1))
    .max(40)
    .describe("Repository-relative paths this task expects to create or change."),
  dependsOn: z
    .array(z.string())
    .describe("Keys of tasks whose changes this task needs merged first; empty when none."),
  acceptance: z.array(z.string().min(1)).min(1).max(10).describe("Checkable acceptance criteria."),
});
export type PlanTask = z.infer<typeof PlanTask>;

export const Plan = z.object({
  rationale: z.string().min(1).max(3000).describe("One paragraph: why this split and this order."),
  tasks: z.array(PlanTask).min(1).max(60),
});
export type Plan = z.infer<typeof Plan>;
