import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan-schema.ts";
import { checkAndClose, type FanoutWorld, startFanoutWorld } from "../helpers/fanout-world.ts";
import { ISSUE, THREE_TASK_PLAN } from "./planning-fixtures.ts";

let world: FanoutWorld;

beforeEach(async () => {
  world = await startFanoutWorld();
});

afterEach(() => checkAndClose(world));

const cyclic: Plan = {
  ...THREE_TASK_PLAN,
  tasks: THREE_TASK_PLAN.tasks.map((task) =>
    task.key === "parser" ? { ...task, dependsOn: ["cli-flag"] } : task,
  ),
};

async function planWith(...turns: Parameters<FanoutWorld["anthropic"]["enqueue"]>) {
  const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
  world.anthropic.enqueue(...turns);
  await world.label(parent.number);
  return { parent, tracking: world.github.comments(parent.number)[0]?.body ?? "" };
}

describe("an invalid plan", () => {
  it("is sent back once with the errors, and the repaired plan is used", async () => {
    const { parent } = await planWith({ json: cyclic }, { json: THREE_TASK_PLAN });

    expect(world.github.subIssues(parent.number)).toHaveLength(3);
    const repair = world.anthropic.requests[1];
    expect(JSON.stringify(repair?.conversation)).toContain(
      "the dependencies form a cycle: parser → cli-flag → parser",
    );
  });

  it("still cyclic after the repair: the comment names the cycle and nothing is created", async () => {
    const { parent, tracking } = await planWith({ json: cyclic }, { json: cyclic });

    expect(tracking).toContain("### fanout · planning failed");
    expect(tracking).toContain("- the dependencies form a cycle: parser → cli-flag → parser");
    expect(world.github.subIssues(parent.number)).toEqual([]);
    expect(world.github.issues()).toHaveLength(1);
    expect(tracking).toMatch(/\*\*Planner:\*\* `claude-sonnet-5-5`/);
  });

  it("too many tasks for planner.max_tasks", async () => {
    await world.github.commitFiles("main", { ".github/fanout.yml": "planner:\n  max_tasks: 2\n" });
    const { tracking } = await planWith({ json: THREE_TASK_PLAN }, { json: THREE_TASK_PLAN });

    expect(tracking).toContain("- the plan has 3 tasks; at most 2 are allowed (planner.max_tasks)");
    expect(world.github.issues()).toHaveLength(1);
  });

  it("output that does not fit the plan schema, twice", async () => {
    // Valid JSON for the schema the API enforces, but the key breaks the pattern only zod checks.
    const broken = {
      ...THREE_TASK_PLAN,
      tasks: [{ ...THREE_TASK_PLAN.tasks[0]!, key: "Bad Key" }],
    };
    const { tracking } = await planWith({ json: broken }, { json: broken });

    expect(tracking).toContain("### fanout · planning failed");
    expect(tracking).toContain("the plan does not match the expected format: tasks.0.key:");
    expect(world.github.issues()).toHaveLength(1);
  });

  it("an overloaded model, after the SDK's retries: a clear comment and no partial plan", async () => {
    const { tracking } = await planWith({ fault: 529 }, { fault: 529 });

    expect(tracking).toContain(
      "the planner model could not be reached: the Anthropic API is overloaded (529), even after retries",
    );
    expect(world.github.issues()).toHaveLength(1);
    expect(world.anthropic.requests).toHaveLength(2);
  });

  it("a rate limit that clears on the SDK's retry is invisible to the user", async () => {
    const { parent } = await planWith({ fault: 429, retryAfter: 0.01 }, { json: THREE_TASK_PLAN });

    expect(world.github.subIssues(parent.number)).toHaveLength(3);
  });
});
