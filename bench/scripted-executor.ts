import { Octokit } from "@octokit/rest";
import { renderAttemptComment } from "../src/action/report/attempt-comment.ts";
import { renderPullRequestBody } from "../src/action/report/pull-request-body.ts";
import { readTaskSpec } from "../src/plan/task-spec.ts";
import type { UsageRecord } from "../src/run/usage-record.ts";
import type {
  GitHubSimulator,
  WorkflowDispatchEvent,
} from "../test/fakes/github/start-github-simulator.ts";
import { createRecordingFetch, type SeenRequest } from "./request-accounting.ts";

// What the real executor labels its pull requests with (fanout's task label).
const TASK_LABEL = "fanout:task";

// A plausible small attempt on a Haiku: the numbers only need to look like a real report.
const ATTEMPT_USAGE = {
  usage: { input: 1_800, output: 950, cacheWrite5m: 4_200, cacheWrite1h: 0, cacheRead: 16_000 },
  costUsd: 0.0134,
  turns: 5,
  durationMs: 48_000,
};

/** An Octokit for someone other than the app, whose requests are recorded in `log`. */
export function createOutsiderOctokit(sim: GitHubSimulator, token: string, log: SeenRequest[]) {
  return new Octokit({
    baseUrl: sim.url,
    auth: token,
    // Failures surface as thrown errors, recorded by the bench; no log lines besides.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { fetch: createRecordingFetch((request) => log.push(request)) },
  });
}

/**
 * Answers each executor dispatch the way a successful executor looks from GitHub's side, in
 * milliseconds instead of minutes: the run goes in progress, the task's branch gets one commit,
 * the pull request opens (`Closes #task · part of #parent`, labelled), the attempt report with
 * its usage marker lands on the sub-issue, and the run completes successfully. It uses the
 * dispatch's own installation token, like the real executor, so its comments are the bot's.
 * Between steps it lets the webhooks they caused reach the app, as minutes between them would:
 * otherwise the app would only ever see a finished attempt.
 */
export function attachScriptedExecutors(
  sim: GitHubSimulator,
  log: SeenRequest[],
  failures: string[],
): () => void {
  const repo = { owner: sim.owner, repo: sim.repo };
  return sim.onWorkflowDispatch(async (event: WorkflowDispatchEvent) => {
    try {
      await runAttempt(sim, repo, event, log);
    } catch (error) {
      failures.push(`executor run ${event.runId}: ${(error as Error).stack ?? String(error)}`);
      await sim.updateWorkflowRun(event.runId, { status: "completed", conclusion: "failure" });
    }
  });
}

async function runAttempt(
  sim: GitHubSimulator,
  repo: { owner: string; repo: string },
  event: WorkflowDispatchEvent,
  log: SeenRequest[],
): Promise<void> {
  await sim.updateWorkflowRun(event.runId, { status: "in_progress" });
  await sim.flushWebhooks();
  const github = createOutsiderOctokit(sim, event.token, log);
  const taskIssue = Number(event.inputs.task_issue);
  const parent = Number(event.inputs.parent_issue);
  const { data: issue } = await github.rest.issues.get({ ...repo, issue_number: taskIssue });
  const spec = readTaskSpec(issue.body);
  if (!spec) throw new Error(`#${taskIssue} carries no task spec`);
  const branch = `fanout/${parent}-${spec.key}`;
  const files = spec.files.length > 0 ? spec.files : [`src/${spec.key}.ts`];
  await sim.commitFiles(
    branch,
    Object.fromEntries(files.map((file) => [file, `// ${spec.title}\nexport {};\n`])),
    spec.title,
  );
  const record: UsageRecord = {
    parent,
    taskIssue,
    key: spec.key,
    attempt: Number(event.inputs.attempt),
    model: event.inputs.model ?? "claude-haiku-5-5",
    outcome: "success",
    ...ATTEMPT_USAGE,
    runId: String(event.runId),
  };
  const { data: pull } = await github.rest.pulls.create({
    ...repo,
    head: branch,
    base: event.ref,
    title: spec.title,
    body: renderPullRequestBody({
      record,
      summary: `Did: ${spec.title}.`,
      files,
      tests: "`npm test` passed.",
    }),
  });
  await github.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: [TASK_LABEL] });
  await sim.flushWebhooks();
  await github.rest.issues.createComment({
    ...repo,
    issue_number: taskIssue,
    body: renderAttemptComment({ record: { ...record, pullRequest: pull.number }, tried: [] }),
  });
  await sim.flushWebhooks();
  await sim.updateWorkflowRun(event.runId, { status: "completed", conclusion: "success" });
}
