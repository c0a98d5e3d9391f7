import type { Plan, PlanTask } from "../../src/plan/plan-schema.ts";

export function task(key: string, overrides: Partial<PlanTask> = {}): PlanTask {
  return {
    key,
    title: `Do ${key}`,
    type: "feature",
    complexity: "small",
    steps: [`Implement ${key}`],
    files: [`src/${key}.ts`],
    dependsOn: [],
    acceptance: [`${key} works`],
    ...overrides,
  };
}

export function plan(...tasks: PlanTask[]): Plan {
  return { rationale: "Split by module.", tasks };
}
