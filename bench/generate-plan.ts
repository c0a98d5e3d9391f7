import type { Plan, PlanTask } from "../src/plan/plan-schema.ts";

/** The issue every bench run plans; its text does not matter to the scripted planner. */
export const BENCH_ISSUE = {
  title: "Split the widgets CLI into modules",
  body: "Move each widget command into its own module with its own tests.",
};

/** The task key at `index`, zero-padded so keys sort in plan order. */
export function taskKey(index: number): string {
  return `module-${String(index + 1).padStart(2, "0")}`;
}

/**
 * A plan of `size` tasks shaped like real ones: two of every three tasks stand alone, the third
 * builds on one or two of the tasks just before it, so work comes in short layers. Every task
 * touches its own files, so the planner's "no shared files at the same time" rule adds no edges.
 */
export function generatePlan(size: number): Plan {
  const tasks: PlanTask[] = [];
  for (let index = 0; index < size; index++) {
    const key = taskKey(index);
    tasks.push({
      key,
      title: `Move widget command ${index + 1} into its own module`,
      type: index % 3 === 2 ? "refactor" : "feature",
      complexity: "small",
      steps: [`Create src/${key}.ts`, `Test it in test/${key}.test.ts`],
      files: [`src/${key}.ts`, `test/${key}.test.ts`],
      dependsOn: dependenciesOf(index).map(taskKey),
      acceptance: [`src/${key}.ts exports the command`, "its test passes"],
    });
  }
  return {
    rationale: `Each widget command moves on its own; every third one builds on the modules just before it. ${size} tasks.`,
    tasks,
  };
}

function dependenciesOf(index: number): number[] {
  if (index % 3 !== 2) return [];
  return index % 2 === 0 ? [index - 1] : [index - 1, index - 2];
}
