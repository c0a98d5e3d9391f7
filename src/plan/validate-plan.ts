import type { Plan, PlanTask } from "./plan-schema.ts";

/** A task after validation: `dependsOn` includes ordering edges fanout added for shared files. */
export type ValidatedTask = PlanTask & {
  /** Dependencies fanout added because two tasks could otherwise edit a file at the same time. */
  addedDependsOn: { key: string; file: string }[];
};

export type ValidatedPlan = { rationale: string; tasks: ValidatedTask[] };

export type PlanValidation = { ok: true; plan: ValidatedPlan } | { ok: false; errors: string[] };

/**
 * Checks what the model cannot be trusted to get right and repairs only what has one safe
 * answer: tasks that may run together and touch the same file get an ordering edge (earlier in
 * dependency order first), which is reported rather than hidden.
 */
export function validatePlan(plan: Plan, limits: { maxTasks: number }): PlanValidation {
  const errors = [
    ...checkSize(plan, limits.maxTasks),
    ...checkKeys(plan),
    ...checkFiles(plan),
    ...checkDependencies(plan),
  ];
  if (errors.length > 0) return { ok: false, errors };
  const cycle = findCycle(plan.tasks);
  if (cycle) return { ok: false, errors: [`the dependencies form a cycle: ${cycle.join(" → ")}`] };
  const tasks = orderTopologically(plan.tasks).map((task) => ({
    ...task,
    files: task.files.map(normalizePath),
    addedDependsOn: [],
  }));
  return { ok: true, plan: { rationale: plan.rationale, tasks: serializeFileConflicts(tasks) } };
}

function checkSize(plan: Plan, maxTasks: number): string[] {
  if (plan.tasks.length <= maxTasks) return [];
  return [
    `the plan has ${plan.tasks.length} tasks; at most ${maxTasks} are allowed (planner.max_tasks)`,
  ];
}

function checkKeys(plan: Plan): string[] {
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const { key } of plan.tasks) {
    if (seen.has(key)) errors.push(`two tasks share the key \`${key}\`; keys must be unique`);
    seen.add(key);
  }
  return errors;
}

function checkFiles(plan: Plan): string[] {
  return plan.tasks.flatMap((task) =>
    task.files
      .filter((file) => !isRepositoryPath(file))
      .map(
        (file) =>
          `task \`${task.key}\` lists \`${file}\`, which is not a path inside the repository`,
      ),
  );
}

function checkDependencies(plan: Plan): string[] {
  const keys = new Set(plan.tasks.map((task) => task.key));
  return plan.tasks.flatMap((task) =>
    task.dependsOn
      .filter((dependency) => !keys.has(dependency))
      .map(
        (dependency) =>
          `task \`${task.key}\` depends on \`${dependency}\`, which is not in the plan`,
      ),
  );
}

/** Returns the keys along one cycle, closed (`a → b → a`), or undefined when the graph is acyclic. */
export function findCycle(
  tasks: readonly Pick<PlanTask, "key" | "dependsOn">[],
): string[] | undefined {
  const byKey = new Map(tasks.map((task) => [task.key, task]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];

  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === "done") return undefined;
    if (state.get(key) === "visiting") return [...path.slice(path.indexOf(key)), key];
    state.set(key, "visiting");
    path.push(key);
    for (const dependency of byKey.get(key)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(key, "done");
    return undefined;
  };

  for (const task of tasks) {
    const cycle = visit(task.key);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Dependencies before dependents; among tasks free at the same time, the planner's order. */
function orderTopologically<T extends Pick<PlanTask, "key" | "dependsOn">>(
  tasks: readonly T[],
): T[] {
  const placed = new Set<string>();
  const ordered: T[] = [];
  while (ordered.length < tasks.length) {
    const next = tasks.find(
      (task) =>
        !placed.has(task.key) && task.dependsOn.every((dependency) => placed.has(dependency)),
    );
    if (!next) throw new Error("orderTopologically needs an acyclic plan");
    placed.add(next.key);
    ordered.push(next);
  }
  return ordered;
}

function serializeFileConflicts(tasks: ValidatedTask[]): ValidatedTask[] {
  for (let later = 0; later < tasks.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const [first, second] = [tasks[earlier]!, tasks[later]!];
      const shared = first.files.find((file) => second.files.includes(file));
      if (shared && !dependsOnTransitively(tasks, second.key, first.key)) {
        second.dependsOn = [...second.dependsOn, first.key];
        second.addedDependsOn.push({ key: first.key, file: shared });
      }
    }
  }
  return tasks;
}

function dependsOnTransitively(tasks: readonly ValidatedTask[], from: string, to: string): boolean {
  const byKey = new Map(tasks.map((task) => [task.key, task]));
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (key === to) return true;
    if (seen.has(key)) continue;
    seen.add(key);
    stack.push(...(byKey.get(key)?.dependsOn ?? []));
  }
  return false;
}

function isRepositoryPath(file: string): boolean {
  const path = normalizePath(file);
  return (
    path !== "" && !path.startsWith("/") && !path.split("/").includes("..") && !path.includes("\\")
  );
}

function normalizePath(file: string): string {
  return file.trim().replace(/^\.\//, "");
}
