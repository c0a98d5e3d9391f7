import { afterEach, describe, expect, it } from "vitest";
import { readBudgetNotice } from "../../src/run/budget-notice.ts";
import { checkAndClose, type FanoutWorld, startFanoutWorld } from "../helpers/fanout-world.ts";
import { writeAndFinish } from "../helpers/script-executors.ts";
import { ISSUE, THREE_TASK_PLAN } from "../planning/planning-fixtures.ts";

let world: FanoutWorld;

afterEach(() => checkAndClose(world));

const REPO = {
  "README.md": "# widgets\n",
  "test/ok.test.mjs": "import { test } from 'node:test';\ntest('ok', () => {});\n",
};
// Two independent tasks, so both executors run at the same time.
const TWO_TASKS = {
  ...THREE_TASK_PLAN,
  tasks: [THREE_TASK_PLAN.tasks[0]!, THREE_TASK_PLAN.tasks[2]!],
};

function taskOf(request: {
  conversation: { messages: { content: unknown }[] } | null;
}): string | undefined {
  return /Task `([a-z0-9-]+)`/.exec(
    JSON.stringify(request.conversation?.messages[0]?.content ?? ""),
  )?.[1];
}

const tracking = () => world.github.comments(1)[0]?.body ?? "";

describe("the tracking comment, live", () => {
  it("shows each task's status, attempts, PR, tokens and cost, a failure with its report, totals, saving and budget", async () => {
    world = await startFanoutWorld({
      executor: true,
      files: REPO,
      config: "executor:\n  fix_rounds: 0\n  commands:\n    test: node --test\n",
    });
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: TWO_TASKS });
    world.anthropic.respondWith((request) => {
      const step = (request.conversation?.messages ?? []).filter(
        (m) => m.role === "assistant",
      ).length;
      if (taskOf(request) === "parser")
        return writeAndFinish("src/parse.mjs", "export const parseCount = Number;\n")[step]!;
      // The docs task breaks the tests, so its attempt fails.
      return writeAndFinish(
        "test/broken.test.mjs",
        "import { test } from 'node:test';\ntest('x', () => { throw new Error('boom'); });\n",
      )[step]!;
    });

    await world.label(parent.number);

    const body = tracking();
    expect(body).toContain("### fanout · 0 of 2 tasks merged");
    expect(body).toMatch(
      /\| `parser` Parse the --count option \| #2 \| — \| 🔍 PR open \| `claude-haiku-5-5` \| 1 \| #\d+ \| [\d,]+ \| \$0\.\d+ \|/,
    );
    expect(body).toMatch(
      /\| `docs` .* \| ❌ failed \(\[report\]\(https:\/\/github\.com\/octo-org\/widgets\/issues\/3#issuecomment-\d+\)\) \| `claude-haiku-5-5` \| 1 \| — \|/,
    );
    expect(body).toMatch(/\*\*Total:\*\* [\d,]+ tokens \(.*\) · \$0\.\d+/);
    expect(body).toMatch(/\*\*Budget:\*\* `[▓░]{10}` 0% of \$20\.00/);
    expect(body).toMatch(
      /\*\*Saving:\*\* \$0\.\d+ \(\d+%\) against running every call on `claude-sonnet-5-5` \(\$0\.\d+\)/,
    );
    expect(body).toContain("classDef pr_open");
    expect(body).toContain("class t2 failed");
    expect(body).toMatch(/<sub>⏱ started \d\d:\d\d UTC by @octocat · elapsed \d+s<\/sub>/);
  });

  it("skips the edit when nothing visible changed", async () => {
    world = await startFanoutWorld({ files: REPO });
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: TWO_TASKS });
    await world.label(parent.number);
    const edits = () =>
      world.github.requests.filter(
        (r) =>
          r.method === "PATCH" &&
          r.path.endsWith(`/comments/${world.github.comments(parent.number)[0]!.id}`),
      ).length;
    const before = edits();

    // Events that change nothing a reader sees: a redelivered workflow-less sub-issue event, a comment.
    const labeled = world.github.deliverer!.deliveries.find((d) => d.event === "sub_issues")!;
    await world.github.deliverer!.redeliver(labeled.id);
    await world.github.createComment(parent.number, "Looks good!", { user: "octocat" });
    await world.settle();

    expect(edits()).toBe(before);
  });
});

describe("the run's budget", () => {
  it("stops when it is used up: cancels the running executor, starts nothing new, says how to continue, once", async () => {
    // Made-up prices so one scripted response costs more than the whole run's budget: each
    // attempt reserves $0.50 of the $1, so two run at once, and the first report ends the run.
    world = await startFanoutWorld({
      executor: true,
      files: REPO,
      config: [
        "executor:\n  commands:\n    test: node --test\n",
        "budget:\n  per_task_usd: 0.5\n  per_run_usd: 1\n",
        "pricing:\n  claude-haiku-5-5: { input: 1000, output: 1000, cache_write_5m: 1000, cache_read: 1000 }\n",
      ].join(""),
    });
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: THREE_TASK_PLAN });
    world.anthropic.respondWith((request) => {
      const step = (request.conversation?.messages ?? []).filter(
        (m) => m.role === "assistant",
      ).length;
      // docs is slow: it is still running when parser's report has used up the budget.
      if (taskOf(request) === "docs")
        return { ...writeAndFinish("docs/count.md", "Use --count.\n")[step]!, delayMs: 30_000 };
      return writeAndFinish("src/parse.mjs", "export const parseCount = Number;\n")[step]!;
    });

    await world.label(parent.number);

    const notices = world.github
      .comments(parent.number)
      .map((c) => readBudgetNotice(c.body))
      .filter(Boolean);
    expect(notices.filter((n) => n?.kind === "stop")).toHaveLength(1);
    const stop =
      world.github.comments(parent.number).find((c) => readBudgetNotice(c.body)?.kind === "stop")
        ?.body ?? "";
    expect(stop).toContain("⛔ **fanout stopped: the run's budget is used up**");
    expect(stop).toContain("Cancelled while running: `docs`. Not started: `cli-flag`.");
    expect(stop).toContain(
      "raise `budget.per_run_usd` in `.github/fanout.yml` and comment `/retry`",
    );
    // parser stopped itself at its task budget (its work pushed); docs was cancelled mid-run.
    const runs = await world.github.workflowRuns();
    expect(runs.map((run) => run.conclusion).sort()).toEqual(["cancelled", "failure"]);
    expect(await world.github.readFile("src/parse.mjs", "fanout/1-parser")).toContain("parseCount");
    expect(tracking()).toContain("### fanout · stopped: budget used up (0 of 3 tasks merged)");
    expect(tracking()).toMatch(/\| `docs` .*\| ⛔ cancelled \|/);
    expect(tracking()).toMatch(/\| `parser` .*\| ❌ failed \(\[report\]/);
    expect(tracking()).toMatch(/\*\*Budget:\*\* `▓{10}` 100% of \$1\.00/);
    expect(tracking()).toMatch(/\| `cli-flag` .*\| ⏳ waiting for dependencies \|/);
    expect(world.github.requests.filter((r) => r.path.endsWith("/dispatches"))).toHaveLength(2);

    // Redelivering everything posts no second notice and starts nothing.
    for (const delivery of [...world.github.deliverer!.deliveries])
      await world.github.deliverer!.redeliver(delivery.id);
    await world.settle();
    expect(
      world.github.comments(parent.number).filter((c) => readBudgetNotice(c.body)?.kind === "stop"),
    ).toHaveLength(1);
    expect(world.github.requests.filter((r) => r.path.endsWith("/dispatches"))).toHaveLength(2);
  }, 60_000);
});
