import * as core from "@actions/core";
import type Anthropic from "@anthropic-ai/sdk";
import { resolvePricing } from "../cost/pricing.ts";
import { ZERO_USAGE } from "../cost/usage.ts";
import type { Repo } from "../github/client.ts";
import { createAnthropic, describeModelError } from "../llm/anthropic-client.ts";
import { type TaskSpec, taskBranch } from "../plan/task-spec.ts";
import { TASK_LABEL } from "../run/ensure-sub-issues.ts";
import type { UsageRecord } from "../run/usage-record.ts";
import { createSpendMeter } from "./agent/attempt-limits.ts";
import { renderTaskContext } from "./agent/executor-prompt.ts";
import { connectGitHub, type ExecutorOctokit } from "./connect-github.ts";
import { executeTask, type TaskResult } from "./execute-task.ts";
import { type ExecutorInputs, readExecutorInputs } from "./executor-inputs.ts";
import {
  changedFilesSince,
  checkoutTaskBranch,
  commitFiles,
  pushBranch,
  readGitConfig,
} from "./git/task-branch.ts";
import {
  loadAttemptRequest,
  loadExecutorConfig,
  loadTaskSpec,
  TaskSetupError,
} from "./load-task.ts";
import { openOrUpdatePullRequest } from "./open-pull-request.ts";
import { publishAttempt } from "./publish-attempt.ts";
import { renderPullRequestBody } from "./report/pull-request-body.ts";
import { RunnerEnvironment, secretValues } from "./runner-environment.ts";
import type { ExecutorSession } from "./tools/executor-session.ts";

type Deps = {
  anthropic?: (apiKey: string) => Anthropic;
  now?: () => number;
  githubRetries?: boolean;
};

/** The executor Action: one sub-issue in, one pull request and a usage record out. */
export async function runExecutorAction(deps: Deps = {}): Promise<void> {
  const read = readExecutorInputs();
  if (!read.ok) return core.setFailed(read.message);
  const runner = RunnerEnvironment.safeParse(process.env);
  if (!runner.success)
    return core.setFailed(
      "The fanout executor must run in a GitHub Actions job after actions/checkout.",
    );

  const { inputs } = read;
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const [owner, name] = runner.data.GITHUB_REPOSITORY.split("/") as [string, string];
  const repo: Repo = { owner, repo: name };
  const secrets = secretValues(process.env, [inputs["github-token"], inputs["anthropic-api-key"]]);
  const github = connectGitHub(inputs["github-token"], runner.data.GITHUB_API_URL, {
    retries: deps.githubRetries ?? true,
  });
  const runUrl = runner.data.GITHUB_RUN_ID
    ? `${runner.data.GITHUB_SERVER_URL}/${runner.data.GITHUB_REPOSITORY}/actions/runs/${runner.data.GITHUB_RUN_ID}`
    : undefined;

  let spec: TaskSpec | undefined;
  let record = baseRecord(inputs, runner.data.GITHUB_RUN_ID);
  let result: TaskResult;
  let nextStep: string | undefined;
  try {
    spec = await loadTaskSpec(github, repo, inputs["task-issue"], inputs["parent-issue"]);
    record.key = spec.key;
    const attempt = await attemptTask({
      github,
      repo,
      inputs,
      spec,
      workspace: runner.data.GITHUB_WORKSPACE,
      secrets,
      deps,
      startedAt,
      now,
    });
    result = attempt.result;
    record = { ...record, ...attempt.spend, pullRequest: attempt.pullRequest };
  } catch (error) {
    const message = (error as Error).message;
    result = { outcome: "error", summary: message, failure: message, tried: [], tests: "not run" };
    // A broken setup is not fixed by trying again; say what is.
    if (error instanceof TaskSetupError) {
      nextStep =
        "Fix what is named above (a task spec is only written by fanout's planner: to re-plan, remove and add the trigger label on the parent issue), then comment `/retry`.";
    }
  }
  record = {
    ...record,
    outcome: result.outcome,
    durationMs: now() - startedAt,
    detail: result.failure?.slice(0, 2_000),
  };
  // Without a spec there is no task branch: the report must not name one that does not exist.
  const branch = spec ? taskBranch(spec.parent, spec.key) : undefined;
  await publishAttempt(
    github,
    repo,
    {
      record,
      failure: result.failure,
      tried: result.tried,
      tests: result.tests,
      branch,
      runUrl,
      nextStep,
    },
    secrets,
  );
  if (result.outcome !== "success")
    core.setFailed(
      `Task #${inputs["task-issue"]} did not finish: ${result.failure ?? result.outcome}`,
    );
}

function baseRecord(inputs: ExecutorInputs, runId: string | undefined): UsageRecord {
  return {
    parent: inputs["parent-issue"],
    taskIssue: inputs["task-issue"],
    key: "unknown",
    attempt: inputs.attempt,
    model: inputs.model,
    outcome: "error",
    usage: ZERO_USAGE,
    costUsd: 0,
    turns: 0,
    durationMs: 0,
    runId,
  };
}

type AttemptInput = {
  github: ExecutorOctokit;
  repo: Repo;
  inputs: ExecutorInputs;
  spec: TaskSpec;
  workspace: string;
  secrets: string[];
  deps: Deps;
  startedAt: number;
  now: () => number;
};

async function attemptTask({
  github,
  repo,
  inputs,
  spec,
  workspace,
  secrets,
  deps,
  startedAt,
  now,
}: AttemptInput) {
  const config = await loadExecutorConfig(github, repo);
  const base = inputs["base-ref"] ?? (await github.rest.repos.get(repo)).data.default_branch;
  const branch = taskBranch(spec.parent, spec.key);
  await checkoutTaskBranch(workspace, branch, base, inputs["github-token"]);
  const gitConfig = await readGitConfig(workspace);

  const limits = {
    maxTurns: config.executor.max_turns,
    maxTokens: inputs["max-tokens"] ?? config.budget.per_task_tokens,
    budgetUsd: inputs["budget-usd"] ?? config.budget.per_task_usd,
    timeoutMs: config.executor.timeout_minutes * 60_000,
  };
  const meter = createSpendMeter(inputs.model, resolvePricing(config.pricing), limits, startedAt);
  const session: ExecutorSession = {
    workspace: { root: workspace, protectedGlobs: config.executor.protected_paths },
    commands: Object.fromEntries(
      Object.entries(config.executor.commands).filter(([, command]) => command),
    ) as ExecutorSession["commands"],
    secrets,
    env: process.env,
    commandTimeoutMs: 10 * 60_000,
    changedFiles: new Set(),
    commandRuns: [],
  };
  const anthropic = (deps.anthropic ?? ((apiKey) => createAnthropic({ apiKey })))(
    inputs["anthropic-api-key"],
  );
  let result: TaskResult;
  try {
    result = await executeTask(anthropic, {
      model: inputs.model,
      session,
      taskContext: renderTaskContext(
        spec,
        (await loadAttemptRequest(github, repo, inputs["task-issue"], inputs.attempt)) ?? {},
      ),
      meter,
      limits,
      fixRounds: config.executor.fix_rounds,
      now,
    });
  } catch (error) {
    const message = `the model call failed: ${describeModelError(error)}`;
    result = {
      outcome: "error",
      summary: message,
      failure: message,
      tried: ["the executor worked until the model API failed"],
      tests: "not run",
    };
  }

  // Whatever happened, the work so far is kept on the branch for the next attempt or a person.
  const identity = await botIdentity(github, inputs["app-slug"]);
  const commit = await commitFiles(
    workspace,
    [...session.changedFiles],
    `${spec.title}\n\nfanout task ${spec.key} of #${spec.parent}, attempt ${inputs.attempt} on ${inputs.model} (${result.outcome}).`,
    identity,
  );
  if (commit && (await readGitConfig(workspace)) !== gitConfig) {
    const failure =
      "the checkout's .git/config was changed while the task ran (by a command), so fanout did not push";
    result = {
      ...result,
      outcome: "error",
      failure,
      tried: [...result.tried, "fanout checked the git configuration before pushing"],
    };
  } else if (commit) await pushBranch(workspace, branch, inputs["github-token"]);

  const spend = { usage: meter.usage, costUsd: meter.costUsd, turns: meter.turns };
  let pullRequest: number | undefined;
  if (result.outcome === "success") {
    const files = await changedFilesSince(workspace, base);
    if (files.length === 0) {
      result = {
        ...result,
        outcome: "error",
        failure: "the executor finished without changing any file",
        tried: [...result.tried, "fanout looked for changes to open a pull request"],
      };
    } else {
      const body = (pr: number | undefined) =>
        renderPullRequestBody({
          record: {
            ...baseRecord(inputs, undefined),
            key: spec.key,
            ...spend,
            outcome: "success",
            durationMs: now() - startedAt,
            pullRequest: pr,
          },
          summary: result.summary,
          files,
          tests: result.tests,
        });
      pullRequest = await openOrUpdatePullRequest(github, repo, {
        branch,
        base,
        title: spec.title,
        body: body(undefined),
        label: TASK_LABEL.name,
      });
    }
  }
  return { result, spend, pullRequest };
}

/** Commits are authored by the App's bot user, so GitHub shows who wrote them. */
async function botIdentity(github: ExecutorOctokit, slug: string) {
  const name = `${slug}[bot]`;
  try {
    const { data } = await github.rest.users.getByUsername({ username: name });
    return { name, email: `${data.id}+${name}@users.noreply.github.com` };
  } catch {
    return { name, email: `${name}@users.noreply.github.com` };
  }
}
