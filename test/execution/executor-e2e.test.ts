import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readUsageRecord } from "../../src/run/usage-record.ts";
import type { FakeAnthropic } from "../fakes/anthropic/index.ts";
import { runGit } from "../fakes/github/git/run-git.ts";
import type { GitHubSimulator } from "../fakes/github/start-github-simulator.ts";
import { type ExecutorGround, seedTask, startExecutorGround } from "./executor-fixtures.ts";

let github: GitHubSimulator;
let anthropic: FakeAnthropic;
let runner: ExecutorGround["runner"];
let ground: ExecutorGround;

beforeEach(async () => {
  ground = await startExecutorGround();
  ({ github, anthropic, runner } = ground);
});

afterEach(async () => {
  try {
    ground.assertClean();
  } finally {
    await ground.close();
  }
});

async function dispatch(taskIssue: number, parent: number) {
  const app = new Octokit({ baseUrl: github.url, auth: github.issueToken() });
  await app.rest.actions.createWorkflowDispatch({
    owner: github.owner,
    repo: github.repo,
    workflow_id: "fanout-executor.yml",
    ref: github.defaultBranch,
    inputs: {
      task_issue: String(taskIssue),
      parent_issue: String(parent),
      attempt: "1",
      model: "claude-haiku-5-5",
    },
  });
  await github.waitForWorkflowHandlers();
  return runner.jobs.at(-1)!;
}

describe("the executor Action, as a runner runs it", () => {
  it("edits two files, passes the tests, commits and pushes the branch, opens the PR and reports usage", async () => {
    const { parent, issue } = await seedTask(github);
    anthropic.enqueue(
      {
        toolUse: [
          {
            name: "write_file",
            input: {
              path: "src/count.mjs",
              content: "export const parseCount = (text) => Number.parseInt(text, 10);\n",
            },
          },
          {
            name: "edit_file",
            input: {
              path: "README.md",
              old_text: "A small CLI that prints widgets.",
              new_text: "A small CLI that prints widgets. Use `--count N`.",
            },
          },
        ],
      },
      { toolUse: { name: "run_command", input: { name: "test" } } },
      {
        toolUse: { name: "finish", input: { summary: "Added parseCount and documented --count." } },
      },
    );

    const job = await dispatch(issue.number, parent.number);

    expect(job.exitCode, job.log).toBe(0);
    const branch = `fanout/${parent.number}-parser`;
    expect(await github.readFile("src/count.mjs", branch)).toContain("parseCount");
    expect(await github.readFile("README.md", branch)).toContain("Use `--count N`.");
    const workspace = github.gitDir;
    const log = await runGit(workspace, ["log", "--format=%an <%ae>%n%s", "-1", branch]);
    expect(log).toMatch(
      /^fanout\[bot\] <\d+\+fanout\[bot\]@users\.noreply\.github\.com>\nAdd parseCount$/,
    );
    const files = await runGit(workspace, [
      "diff",
      "--name-only",
      `${github.defaultBranch}...${branch}`,
    ]);
    expect(files.split("\n").sort()).toEqual(["README.md", "src/count.mjs"]);

    const [pull] = await github.pulls();
    expect(pull).toMatchObject({
      title: "Add parseCount",
      head: { ref: branch },
      base: { ref: "main" },
    });
    expect(pull?.body).toContain(`Closes #${issue.number} · part of #${parent.number}`);
    expect(pull?.body).toContain("`node --test` passed.");
    expect(pull?.labels.map((label) => label.name)).toEqual(["fanout:task"]);
    const prRecord = readUsageRecord(pull?.body);
    expect(prRecord).toMatchObject({
      outcome: "success",
      attempt: 1,
      model: "claude-haiku-5-5",
      turns: 3,
    });

    const report = github.comments(issue.number).at(-1)?.body ?? "";
    expect(report).toContain(`✅ **Attempt 1** on \`claude-haiku-5-5\` opened #${pull?.number}.`);
    const record = readUsageRecord(report);
    const totals = anthropic.usageTotals();
    expect(record?.usage).toEqual({
      input: totals.input_tokens,
      output: totals.output_tokens,
      cacheWrite5m: totals.cache_creation_input_tokens,
      cacheWrite1h: 0,
      cacheRead: totals.cache_read_input_tokens,
    });
    expect(record?.costUsd).toBeGreaterThan(0);
    expect(record?.usage.cacheRead).toBeGreaterThan(0);

    expect(job.outputs).toMatchObject({ outcome: "success", "pr-number": String(pull?.number) });
    expect(job.summary).toContain("attempt 1: success");
  });
});
