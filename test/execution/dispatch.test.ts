import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { readDispatchRecord } from "../../src/run/dispatch-record.ts";
import { readUsageRecord } from "../../src/run/usage-record.ts";
import { checkAndClose, type FanoutWorld, startFanoutWorld } from "../helpers/fanout-world.ts";
import { scriptExecutors, writeAndFinish } from "../helpers/script-executors.ts";
import { ISSUE, THREE_TASK_PLAN } from "../planning/planning-fixtures.ts";

let world: FanoutWorld;

afterEach(() => checkAndClose(world));

const EXECUTABLE_REPO = {
  "README.md": "# widgets\n",
  "src/cli.mjs": "export const main = () => 0;\n",
  "test/cli.test.mjs": "import { test } from 'node:test';\ntest('runs', () => {});\n",
};

function dispatches(world: FanoutWorld) {
  return world.github.requests.filter((request) => request.path.endsWith("/dispatches"));
}

async function planned(config: string, executor = false) {
  world = await startFanoutWorld({
    executor,
    files: EXECUTABLE_REPO,
    config: `executor:\n  commands:\n    test: node --test\n${config}`,
  });
  const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
  world.anthropic.enqueue({ json: THREE_TASK_PLAN });
  return parent;
}

function taskIssue(key: string): number {
  return world.github.issues().find((issue) => issue.body?.includes(`"key":"${key}"`))!.number;
}

describe("dispatching tasks", () => {
  it("dispatches every ready task with short inputs, recording the attempt on the sub-issue first", async () => {
    const parent = await planned("", false);
    await world.github.commitFiles("main", {
      ".github/workflows/fanout-executor.yml": (
        await import("../../src/run/executor-workflow-template.ts")
      ).EXECUTOR_WORKFLOW_TEMPLATE,
    });

    await world.label(parent.number);

    expect(dispatches(world).map((request) => request.body)).toEqual(
      ["parser", "docs"].map((key) => ({
        ref: "main",
        inputs: {
          task_issue: String(taskIssue(key)),
          parent_issue: String(parent.number),
          attempt: "1",
          model: "claude-haiku-5-5",
          budget_usd: "2",
        },
        return_run_details: true,
      })),
    );
    const record = readDispatchRecord(world.github.comments(taskIssue("parser"))[0]?.body);
    const runs = await world.github.workflowRuns();
    expect(record).toMatchObject({ attempt: 1, model: "claude-haiku-5-5", runId: runs[0]?.id });
    expect(world.github.comments(taskIssue("cli-flag"))).toEqual([]);
    const tracking = world.github.comments(parent.number)[0]?.body ?? "";
    expect(tracking).toContain("| `parser` Parse the --count option | #2 | — | [🚀 dispatched](");
    expect(tracking).toMatch(/\| `cli-flag` .*\| ⏳ waiting for dependencies \|/);
  });

  it("never runs more than executor.max_parallel at once, and a redelivery dispatches nothing twice", async () => {
    const parent = await planned("  max_parallel: 1\n", false);
    await world.github.commitFiles("main", {
      ".github/workflows/fanout-executor.yml": (
        await import("../../src/run/executor-workflow-template.ts")
      ).EXECUTOR_WORKFLOW_TEMPLATE,
    });
    await world.label(parent.number);
    expect(dispatches(world)).toHaveLength(1);

    const labeled = world.github.deliverer!.deliveries.find(
      (d) => d.event === "issues" && d.action === "labeled",
    )!;
    await world.github.deliverer!.redeliver(labeled.id);
    await world.github.removeLabel(parent.number, "agent:parallel", { user: "octocat" });
    await world.label(parent.number);

    expect(dispatches(world)).toHaveLength(1);
  });

  it("a missing executor workflow: the comment says which file to add, with the template, and nothing loops", async () => {
    const parent = await planned("", false);

    await world.label(parent.number);

    const tracking = world.github.comments(parent.number)[0]?.body ?? "";
    expect(tracking).toContain(
      "⚠️ **fanout cannot start executors:** the executor workflow `.github/workflows/fanout-executor.yml` does not exist on `main`.",
    );
    expect(tracking).toContain(
      "Add this file as `.github/workflows/fanout-executor.yml` on the default branch",
    );
    expect(tracking).toContain("uses: actions/create-github-app-token@v2");
    expect(tracking).toMatch(/\| `parser` .*\| ⚠️ could not start \|/);
    const attempts = dispatches(world).length;

    await world.github.removeLabel(parent.number, "agent:parallel", { user: "octocat" });
    await world.label(parent.number);
    expect(dispatches(world)).toHaveLength(attempts);
  });

  it("runs the executors, then dispatches a dependent task once its dependency's PR is merged", async () => {
    const parent = await planned("", true);
    scriptExecutors(world.anthropic, {
      parser: writeAndFinish("src/parse.mjs", "export const parseCount = (t) => Number(t);\n"),
      docs: writeAndFinish("docs/count.md", "Use --count N.\n"),
      "cli-flag": writeAndFinish("src/flag.mjs", "export const flag = '--count';\n"),
    });

    await world.label(parent.number);

    expect(world.jobs.map((job) => job.exitCode)).toEqual([0, 0]);
    const pulls = await world.github.pulls();
    expect(pulls.map((pull) => pull.head.ref).sort()).toEqual([
      `fanout/${parent.number}-docs`,
      `fanout/${parent.number}-parser`,
    ]);
    const tracking = () => world.github.comments(parent.number)[0]?.body ?? "";
    const parserPr = pulls.find((pull) => pull.head.ref.endsWith("-parser"))!;
    expect(tracking()).toMatch(
      new RegExp(`\\| 🔍 PR open \\| \`claude-haiku-5-5\` \\| 1 \\| #${parserPr.number} \\|`),
    );
    expect(readUsageRecord(world.github.comments(taskIssue("parser")).at(-1)?.body)?.outcome).toBe(
      "success",
    );
    expect(dispatches(world)).toHaveLength(2);

    // A maintainer merges the parser's PR; it closes the sub-issue, which unblocks cli-flag.
    const maintainer = new Octokit({
      baseUrl: world.github.url,
      auth: world.github.issueToken({ login: "octocat" }),
    });
    await maintainer.rest.pulls.merge({
      owner: world.github.owner,
      repo: world.github.repo,
      pull_number: parserPr.number,
      sha: parserPr.head.sha,
    });
    await world.settle();

    expect(dispatches(world)).toHaveLength(3);
    expect(world.jobs.at(-1)?.inputs.task_issue).toBe(String(taskIssue("cli-flag")));
    expect(tracking()).toMatch(/\| `parser` .*\| ✅ merged \|/);
    expect(
      await world.github.readFile("src/flag.mjs", `fanout/${parent.number}-cli-flag`),
    ).toContain("--count");
  });
});
