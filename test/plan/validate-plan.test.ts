import { describe, expect, it } from "vitest";
import { validatePlan } from "../../src/plan/validate-plan.ts";
import { plan, task } from "./plan-fixtures.ts";

const limits = { maxTasks: 8 };

describe("validatePlan", () => {
  it("accepts a valid plan and orders dependencies before dependents", () => {
    const result = validatePlan(
      plan(task("cli", { dependsOn: ["parser"] }), task("parser"), task("docs")),
      limits,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.tasks.map((t) => t.key)).toEqual(["parser", "cli", "docs"]);
    expect(result.plan.tasks.every((t) => t.addedDependsOn.length === 0)).toBe(true);
  });

  it("names the cycle", () => {
    const result = validatePlan(
      plan(
        task("a", { dependsOn: ["c"] }),
        task("b", { dependsOn: ["a"] }),
        task("c", { dependsOn: ["b"] }),
      ),
      limits,
    );
    expect(result).toEqual({ ok: false, errors: ["the dependencies form a cycle: a → c → b → a"] });
  });

  it("reports a task depending on itself as a cycle", () => {
    expect(validatePlan(plan(task("a", { dependsOn: ["a"] })), limits)).toEqual({
      ok: false,
      errors: ["the dependencies form a cycle: a → a"],
    });
  });

  it("reports unknown dependencies, duplicate keys and too many tasks together", () => {
    const result = validatePlan(plan(task("a", { dependsOn: ["ghost"] }), task("a"), task("b")), {
      maxTasks: 2,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        "the plan has 3 tasks; at most 2 are allowed (planner.max_tasks)",
        "two tasks share the key `a`; keys must be unique",
        "task `a` depends on `ghost`, which is not in the plan",
      ],
    });
  });

  it("rejects files outside the repository", () => {
    const result = validatePlan(
      plan(task("a", { files: ["../etc/passwd", "/abs", "ok.ts"] })),
      limits,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      "task `a` lists `../etc/passwd`, which is not a path inside the repository",
      "task `a` lists `/abs`, which is not a path inside the repository",
    ]);
  });

  it("adds an ordering edge between tasks that could run together and share a file, and says so", () => {
    const result = validatePlan(
      plan(
        task("api", { files: ["src/cli.ts", "src/api.ts"] }),
        task("flag", { files: ["./src/cli.ts"] }),
      ),
      limits,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const flag = result.plan.tasks.find((t) => t.key === "flag")!;
    expect(flag.dependsOn).toEqual(["api"]);
    expect(flag.addedDependsOn).toEqual([{ key: "api", file: "src/cli.ts" }]);
    expect(flag.files).toEqual(["src/cli.ts"]);
  });

  it("adds no edge when the two tasks are already ordered, even transitively", () => {
    const result = validatePlan(
      plan(
        task("a", { files: ["shared.ts"] }),
        task("b", { dependsOn: ["a"], files: ["b.ts"] }),
        task("c", { dependsOn: ["b"], files: ["shared.ts"] }),
      ),
      limits,
    );
    expect(result.ok && result.plan.tasks.flatMap((t) => t.addedDependsOn)).toEqual([]);
  });
});
