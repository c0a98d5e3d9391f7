import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { validatePlan } from "../../src/plan/validate-plan.ts";
import { renderTaskIssueBody } from "../../src/run/task-issue-body.ts";
import {
  type FakeAnthropic,
  fakeAnthropicEnv,
  startFakeAnthropic,
} from "../fakes/anthropic/index.ts";
import { attachActionsRunner } from "../fakes/github/actions-runner.ts";
import type { GitHubSimulator } from "../fakes/github/start-github-simulator.ts";
import { startGitHubSimulator } from "../fakes/github/start-github-simulator.ts";
import { bundledActionsDir } from "../helpers/bundled-actions.ts";

export type ExecutorGround = {
  github: GitHubSimulator;
  anthropic: FakeAnthropic;
  runner: ReturnType<typeof attachActionsRunner>;
  /** Fails on anything GitHub or the Anthropic API would have refused or not expected. */
  assertClean(): void;
  close(): Promise<void>;
};

/**
 * A repository with the executor workflow installed, a runner that runs the bundled Action as
 * a child process for each dispatch, and a scripted model; `anthropicKey` is the secret the
 * workflow hands the Action.
 */
export async function startExecutorGround(anthropicKey?: string): Promise<ExecutorGround> {
  const github = await startGitHubSimulator({
    files: EXECUTOR_REPOSITORY,
    collaborators: { octocat: "admin" },
  });
  const anthropic = await startFakeAnthropic();
  const env = fakeAnthropicEnv(anthropic);
  const runner = attachActionsRunner(github, {
    entry: join(await bundledActionsDir(), "executor/index.js"),
    secrets: { ANTHROPIC_API_KEY: anthropicKey ?? env.ANTHROPIC_API_KEY },
    env: { ANTHROPIC_BASE_URL: env.ANTHROPIC_BASE_URL },
  });
  await installExecutorWorkflow(github);
  return {
    github,
    anthropic,
    runner,
    assertClean() {
      expect(github.violations).toEqual([]);
      expect(github.unhandled).toEqual([]);
      expect(anthropic.unexpected).toEqual([]);
    },
    async close() {
      runner.detach();
      await anthropic.close();
      await github.close();
    },
  };
}

export const EXECUTOR_REPOSITORY: Record<string, string> = {
  "README.md": "# widgets\n\nA small CLI that prints widgets.\n",
  "src/cli.mjs": "export function main(args) {\n  return args.length;\n}\n",
  "test/count.test.mjs":
    "import assert from 'node:assert/strict';\nimport { test } from 'node:test';\nimport { parseCount } from '../src/count.mjs';\n\ntest('parses', () => assert.equal(parseCount('3'), 3));\n",
  ".github/fanout.yml": "executor:\n  commands:\n    test: node --test\n",
};

export async function installExecutorWorkflow(github: GitHubSimulator): Promise<void> {
  const template = await readFile("templates/fanout-executor.yml", "utf8");
  await github.commitFiles(
    github.defaultBranch,
    { ".github/workflows/fanout-executor.yml": template },
    "Add the fanout executor",
  );
}

/** A parent issue and one planned task sub-issue, as the planner leaves them. */
export async function seedTask(github: GitHubSimulator) {
  const parent = await github.createIssue({
    title: "Add --count",
    body: "Count widgets.",
    user: "octocat",
  });
  const validated = validatePlan(
    {
      rationale: "One task.",
      tasks: [
        {
          key: "parser",
          title: "Add parseCount",
          type: "feature",
          complexity: "small",
          steps: ["Create src/count.mjs exporting parseCount", "Mention it in the README"],
          files: ["src/count.mjs", "README.md"],
          dependsOn: [],
          acceptance: ["parseCount('3') === 3"],
        },
      ],
    },
    { maxTasks: 8 },
  );
  if (!validated.ok) throw new Error("fixture plan must be valid");
  const task = validated.plan.tasks[0]!;
  const issue = await github.createIssue({
    title: task.title,
    body: renderTaskIssueBody(task, parent.number, new Map()),
    user: "fanout[bot]",
  });
  return { parent, issue };
}
