import { afterEach, describe, expect, it } from "vitest";
import { readAttemptRequest } from "../../src/run/attempt-request.ts";
import { EXECUTOR_WORKFLOW_TEMPLATE } from "../../src/run/executor-workflow-template.ts";
import { checkAndClose, type FanoutWorld, startFanoutWorld } from "../helpers/fanout-world.ts";
import { writeAndFinish } from "../helpers/script-executors.ts";
import { ISSUE, THREE_TASK_PLAN } from "../planning/planning-fixtures.ts";

let world: FanoutWorld;

afterEach(() => checkAndClose(world));

const REPO = {
  "README.md": "# widgets\n",
  "test/ok.test.mjs": "import { test } from 'node:test';\ntest('ok', () => {});\n",
};
const ONE_TASK = { ...THREE_TASK_PLAN, tasks: [THREE_TASK_PLAN.tasks[0]!] };

function dispatchBodies() {
  return world.github.requests
    .filter((r) => r.path.endsWith("/dispatches"))
    .map((r) => r.body as { inputs: Record<string, string> });
}

describe("/retry", () => {
  it("after the missing workflow is added, /retry on the issue starts every task that could not start", async () => {
    world = await startFanoutWorld({
      files: REPO,
      collaborators: { reader: "read", dev: "write" },
    });
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: THREE_TASK_PLAN });
    await world.label(parent.number);
    expect(dispatchBodies()).toHaveLength(2);

    await world.github.createComment(parent.number, "/retry", { user: "reader" });
    await world.settle();
    expect(world.github.comments(parent.number).at(-1)?.body).toBe(
      "@reader only people with **write** access can use `/retry`.",
    );
    expect(dispatchBodies()).toHaveLength(2);

    await world.github.commitFiles("main", {
      ".github/workflows/fanout-executor.yml": EXECUTOR_WORKFLOW_TEMPLATE,
    });
    await world.github.createComment(parent.number, "/retry", { user: "dev" });
    await world.settle();

    const retried = dispatchBodies().slice(2);
    expect(retried.map((body) => body.inputs.attempt)).toEqual(["2", "2"]);
    const tracking = world.github.comments(parent.number)[0]?.body ?? "";
    expect(tracking).not.toContain("fanout cannot start executors");
    expect(tracking).toMatch(/\| `parser` .*\| \[🚀 dispatched\]/);
  });
});

describe("/escalate", () => {
  it("re-runs a task on the next model tier, with the person's guidance and the last failure", async () => {
    world = await startFanoutWorld({
      executor: true,
      files: REPO,
      config: "executor:\n  commands:\n    test: node --test\n",
      collaborators: { dev: "write" },
    });
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: ONE_TASK });
    let attempt = 0;
    world.anthropic.respondWith((request) => {
      const messages = request.conversation?.messages ?? [];
      if (messages.length === 1) attempt += 1;
      if (attempt === 1)
        return { toolUse: { name: "escalate", input: { reason: "Should --count accept 0?" } } };
      const step = messages.filter((m) => m.role === "assistant").length;
      return writeAndFinish("src/parse.mjs", "export const parseCount = Number;\n")[step]!;
    });
    await world.label(parent.number);
    const sub = world.github.subIssues(parent.number)[0]!;
    expect(world.jobs[0]?.outputs.outcome).toBe("escalated");

    await world.github.createComment(sub, "/escalate zero is allowed, negative is not", {
      user: "dev",
    });
    await world.settle();

    const request = world.github
      .comments(sub)
      .map((c) => readAttemptRequest(c.body))
      .find(Boolean);
    expect(request).toMatchObject({
      kind: "escalate",
      attempt: 2,
      model: "claude-sonnet-5-5",
      by: "dev",
      guidance: "zero is allowed, negative is not",
    });
    expect(dispatchBodies().at(-1)?.inputs).toMatchObject({
      attempt: "2",
      model: "claude-sonnet-5-5",
    });
    // The escalated attempt's first request (the planner also runs on Sonnet, so match the task).
    const second = world.anthropic.requests.find(
      (r) =>
        (r.body as { model?: string }).model === "claude-sonnet-5-5" &&
        r.conversation?.messages.length === 1 &&
        JSON.stringify(r.conversation.messages).includes("Task `parser`"),
    );
    const shown = JSON.stringify(second?.conversation?.messages);
    expect(shown).toContain("zero is allowed, negative is not");
    expect(shown).toContain("Should --count accept 0?");
    expect(world.jobs.at(-1)?.outputs.outcome).toBe("success");
    expect(world.github.comments(parent.number)[0]?.body).toMatch(
      /\| `parser` .*\| 🔍 PR open \| `claude-sonnet-5-5` \| 2 \| #\d+ \|/,
    );
  });

  it("says so when the task already runs on the strongest tier", async () => {
    world = await startFanoutWorld({
      files: REPO,
      config: "executor:\n  model: claude-opus-5-5\n",
    });
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: ONE_TASK });
    await world.label(parent.number);
    const sub = world.github.subIssues(parent.number)[0]!;

    await world.github.createComment(sub, "/escalate", { user: "octocat" });
    await world.settle();

    expect(world.github.comments(sub).at(-1)?.body).toContain(
      "already runs on the strongest tier (`claude-opus-5-5`)",
    );
  });
});
