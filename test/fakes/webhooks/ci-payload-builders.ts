import {
  type BuiltWebhook,
  type CommonOptions,
  repositoryUrls,
  resolveRepository,
  rewriteStrings,
  startFromExample,
} from "./payload-base.ts";
import { fakeSha, stableNumber } from "./stable-ids.ts";
import { humanUser, legacyNodeId, TEST_APP } from "./webhook-actors.ts";

export type RunStatus =
  | "requested"
  | "queued"
  | "pending"
  | "waiting"
  | "in_progress"
  | "completed";
export type RunConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "timed_out"
  | "action_required"
  | "stale"
  | "skipped"
  | "startup_failure";

// The builders edit GitHub's examples in place; the schema check in the tests keeps them honest.
type Mutable = Record<string, unknown>;

/** What a test may say about a workflow run. */
export type WorkflowRunFields = CommonOptions & {
  id: number;
  /** The workflow's name, as the run shows it. */
  name: string;
  headBranch: string;
  /** Defaults to a sha derived from `headBranch`. */
  headSha?: string;
  /** Defaults to what the action implies: `queued`, `in_progress` or `completed`. */
  status?: RunStatus;
  /** Defaults to `success` when completed, `null` otherwise. */
  conclusion?: RunConclusion | null;
  runAttempt?: number;
  runNumber?: number;
  /** The workflow file, `.github/workflows/fanout-executor.yml` by default. */
  path?: string;
  /** What started the run; `workflow_dispatch` (how fanout starts executors) by default. */
  event?: string;
  workflowId?: number;
  displayTitle?: string;
};

/** `workflow_run.<action>` for run `id` of the workflow at `path`, on `headBranch`. */
export function workflowRunEvent<A extends "requested" | "in_progress" | "completed">(
  action: A,
  options: WorkflowRunFields,
): BuiltWebhook<`workflow_run.${A}`> {
  const example = startFromExample(`workflow_run.${action}`, options, "workflow_run.completed");
  const repo = resolveRepository(options.repository);
  const { api, html } = repositoryUrls(repo);
  const before = example.workflow_run as Mutable;
  const workflowBefore = example.workflow as Mutable;
  const workflowId = options.workflowId ?? stableNumber(`workflow:${options.path ?? ""}`);
  const payload = rewriteStrings(example, (text) =>
    text
      .replace(new RegExp(`/runs/${before.id}(?=$|[/?#])`, "g"), `/runs/${options.id}`)
      .replace(
        new RegExp(`/workflows/${workflowBefore.id}(?=$|[/?#])`, "g"),
        `/workflows/${workflowId}`,
      ),
  );
  const path = options.path ?? ".github/workflows/fanout-executor.yml";
  const headSha = options.headSha ?? fakeSha(`head:${options.headBranch}`);
  const status = options.status ?? defaultStatus(action);
  const attempt = options.runAttempt ?? 1;
  const actor = options.sender ?? humanUser();
  const run = payload.workflow_run as Mutable;
  Object.assign(run, {
    id: options.id,
    node_id: legacyNodeId("WorkflowRun", options.id),
    name: options.name,
    display_title: options.displayTitle ?? options.name,
    path,
    event: options.event ?? "workflow_dispatch",
    status,
    conclusion: options.conclusion === undefined ? defaultConclusion(status) : options.conclusion,
    head_branch: options.headBranch,
    head_sha: headSha,
    head_commit: {
      ...(run.head_commit as Mutable),
      id: headSha,
      tree_id: fakeSha(`tree:${headSha}`),
    },
    run_attempt: attempt,
    run_number: options.runNumber ?? 1,
    previous_attempt_url:
      attempt > 1 ? `${api}/actions/runs/${options.id}/attempts/${attempt - 1}` : null,
    pull_requests: [],
    workflow_id: workflowId,
    actor,
    triggering_actor: actor,
  });
  Object.assign(payload.workflow as Mutable, {
    id: workflowId,
    node_id: legacyNodeId("Workflow", workflowId),
    name: options.name,
    path,
    html_url: `${html}/blob/${repo.defaultBranch}/${path}`,
    badge_url: `${html}/workflows/${encodeURIComponent(options.name)}/badge.svg`,
  });
  return { name: "workflow_run", payload } as BuiltWebhook<`workflow_run.${A}`>;
}

/** What a test may say about one job of a workflow run. */
export type WorkflowJobFields = CommonOptions & {
  id: number;
  runId: number;
  /** The job's name. */
  name: string;
  headBranch: string;
  headSha?: string;
  status?: "queued" | "in_progress" | "completed" | "waiting";
  conclusion?: RunConclusion | null;
  workflowName?: string;
  runAttempt?: number;
  /** Runner labels, `ubuntu-latest` by default. */
  labels?: string[];
};

/** `workflow_job.<action>` for job `id` of run `runId`. */
export function workflowJobEvent<A extends "queued" | "in_progress" | "completed" | "waiting">(
  action: A,
  options: WorkflowJobFields,
): BuiltWebhook<`workflow_job.${A}`> {
  const payload = startFromExample(`workflow_job.${action}`, options);
  const repo = resolveRepository(options.repository);
  const { api, html } = repositoryUrls(repo);
  const job = payload.workflow_job as Mutable;
  const status = options.status ?? action;
  const conclusion =
    options.conclusion === undefined ? defaultConclusion(status) : options.conclusion;
  const headSha = options.headSha ?? fakeSha(`head:${options.headBranch}`);
  Object.assign(job, {
    id: options.id,
    node_id: legacyNodeId("CheckRun", options.id),
    run_id: options.runId,
    run_url: `${api}/actions/runs/${options.runId}`,
    run_attempt: options.runAttempt ?? 1,
    url: `${api}/actions/jobs/${options.id}`,
    html_url: `${html}/actions/runs/${options.runId}/job/${options.id}`,
    check_run_url: `${api}/check-runs/${options.id}`,
    head_sha: headSha,
    head_branch: options.headBranch,
    name: options.name,
    workflow_name: options.workflowName ?? "fanout executor",
    status,
    conclusion,
    completed_at: status === "completed" ? (job.completed_at ?? job.started_at) : null,
    labels: options.labels ?? ["ubuntu-latest"],
    // The example's steps belong to someone else's job; a step list that contradicts the job's
    // own conclusion would only confuse a reader.
    steps: status === "completed" || status === "in_progress" ? [jobStep(status, conclusion)] : [],
  });
  return { name: "workflow_job", payload } as BuiltWebhook<`workflow_job.${A}`>;
}

function jobStep(status: string, conclusion: RunConclusion | null) {
  return {
    name: "Run fanout executor",
    status,
    conclusion,
    number: 1,
    started_at: "2021-08-05T10:26:08.000Z",
    completed_at: status === "completed" ? "2021-08-05T10:26:11.000Z" : null,
  };
}

/** A pull request a check run is attached to. */
export type CheckRunPullRequest = {
  number: number;
  headRef: string;
  headSha?: string;
  baseRef?: string;
};

/** What a test may say about a check run. */
export type CheckRunFields = CommonOptions & {
  id: number;
  /** The check's name, e.g. `fanout/security`. */
  name: string;
  headSha: string;
  headBranch?: string;
  status?: "queued" | "in_progress" | "completed";
  conclusion?: RunConclusion | null;
  externalId?: string;
  detailsUrl?: string;
  pullRequests?: CheckRunPullRequest[];
  /** The `identifier` of the button pressed, for `requested_action`. */
  requestedAction?: string;
  /** The app that owns the check run; the test app (`fanout`, id 1) by default. */
  app?: { id: number; slug: string; name?: string };
  output?: { title: string | null; summary: string | null; text?: string | null };
};

/**
 * `check_run.<action>` for check run `id` on `headSha`. GitHub's `rerequested` examples predate
 * fields it sends today, so that one is built from a `completed` payload.
 */
export function checkRunEvent<
  A extends "created" | "completed" | "rerequested" | "requested_action",
>(action: A, options: CheckRunFields): BuiltWebhook<`check_run.${A}`> {
  const example = startFromExample(`check_run.${action}`, options, "check_run.completed");
  const repo = resolveRepository(options.repository);
  const { api, html } = repositoryUrls(repo);
  const before = example.check_run as Mutable;
  const payload = rewriteStrings(example, (text) =>
    text.replace(
      new RegExp(`/(check-runs|runs)/${before.id}(?=$|[/?#])`, "g"),
      `/$1/${options.id}`,
    ),
  );
  const status = options.status ?? (action === "created" ? "queued" : "completed");
  const appRef = options.app ?? TEST_APP;
  const checkRun = payload.check_run as Mutable;
  const app = {
    ...(checkRun.app as Mutable),
    id: appRef.id,
    slug: appRef.slug,
    name: appRef.name ?? appRef.slug,
    node_id: legacyNodeId("App", appRef.id),
    html_url: `https://github.com/apps/${appRef.slug}`,
    owner: humanUser(repo.owner),
  };
  const headBranch = options.headBranch ?? options.pullRequests?.[0]?.headRef ?? repo.defaultBranch;
  const pullRequests = (options.pullRequests ?? []).map((pull) => ({
    url: `${api}/pulls/${pull.number}`,
    id: pull.number + 279_147_435,
    number: pull.number,
    head: { ref: pull.headRef, sha: pull.headSha ?? options.headSha, repo: repoStub(repo) },
    base: {
      ref: pull.baseRef ?? repo.defaultBranch,
      sha: fakeSha(`base:${pull.baseRef ?? repo.defaultBranch}`),
      repo: repoStub(repo),
    },
  }));
  Object.assign(checkRun, {
    id: options.id,
    node_id: legacyNodeId("CheckRun", options.id),
    name: options.name,
    head_sha: options.headSha,
    external_id: options.externalId ?? "",
    details_url: options.detailsUrl ?? `${html}/runs/${options.id}`,
    status,
    conclusion: options.conclusion === undefined ? defaultConclusion(status) : options.conclusion,
    completed_at: status === "completed" ? (checkRun.completed_at ?? checkRun.started_at) : null,
    output: {
      ...(checkRun.output as Mutable),
      title: options.output?.title ?? null,
      summary: options.output?.summary ?? null,
      text: options.output?.text ?? null,
    },
    app,
    pull_requests: pullRequests,
    check_suite: {
      ...(checkRun.check_suite as Mutable),
      head_branch: headBranch,
      head_sha: options.headSha,
      after: options.headSha,
      pull_requests: pullRequests,
      app,
    },
  });
  const record = payload as Mutable;
  if (action === "requested_action") {
    record.requested_action = { identifier: options.requestedAction ?? "retry" };
  } else {
    delete record.requested_action;
  }
  return { name: "check_run", payload } as BuiltWebhook<`check_run.${A}`>;
}

function repoStub(repo: ReturnType<typeof resolveRepository>) {
  return { id: repo.id, url: repositoryUrls(repo).api, name: repo.name };
}

function defaultStatus(action: string): RunStatus {
  if (action === "completed") return "completed";
  return action === "in_progress" ? "in_progress" : "queued";
}

function defaultConclusion(status: string): RunConclusion | null {
  return status === "completed" ? "success" : null;
}
