import type Anthropic from "@anthropic-ai/sdk";
import type { Logger } from "probot";
import type { FanoutConfig } from "../config/config-schema.ts";
import { estimateRunCost } from "../cost/estimate-run.ts";
import { resolvePricing } from "../cost/pricing.ts";
import type { GitHub, Repo } from "../github/client.ts";
import { findBotComment, upsertComment } from "../github/comments.ts";
import { ensureLabels, removeLabel } from "../github/labels.ts";
import { getRole, hasAtLeast } from "../github/permissions.ts";
import { readRepositoryContext } from "../plan/repository-context.ts";
import { requestPlan } from "../plan/request-plan.ts";
import { renderRefusalComment } from "../report/refusal-comment.ts";
import { renderTrackingComment } from "../report/render-tracking-comment.ts";
import { sanitizeUntrustedText } from "../sanitize/sanitize-untrusted-text.ts";
import { ensureSubIssues, TASK_LABEL } from "./ensure-sub-issues.ts";
import { reconcileRun } from "./reconcile-run.ts";
import { type RunRecord, readRunRecord } from "./run-record.ts";

export type RunDeps = {
  github: GitHub;
  /** Created on demand, so a misconfigured key only matters once a model is needed. */
  anthropic: () => Anthropic;
  log: Logger;
  now: () => Date;
};

export type Trigger = {
  repo: Repo;
  defaultBranch: string;
  config: FanoutConfig;
  /** The issue as it was when labeled: later edits are not read. */
  issue: { number: number; title: string; body: string | null };
  sender: { login: string; type: string };
};

const RUN_MARKER = "<!-- fanout:run:";

/** Steps 1–5 of the flow: authorize, acknowledge, plan, create sub-issues, show the plan. */
export async function startRun(deps: RunDeps, trigger: Trigger): Promise<void> {
  if (!(await authorize(deps, trigger))) return;
  const tracking = await acknowledge(deps, trigger);
  let record = tracking.record;
  if (record.phase !== "planned") {
    record = await plan(deps, trigger, record);
    await show(deps, trigger, tracking.id, record, new Map());
    if (record.phase === "failed") return;
  }
  await createSubIssues(deps, trigger, record);
  await reconcileRun({
    github: deps.github,
    repo: trigger.repo,
    config: trigger.config,
    parent: trigger.issue.number,
    baseRef: trigger.defaultBranch,
    now: deps.now,
  });
}

async function authorize(
  { github, log }: RunDeps,
  { repo, config, issue, sender }: Trigger,
): Promise<boolean> {
  if (sender.type === "Bot") {
    log.info({ sender: sender.login }, "ignoring a trigger by a bot");
    return false;
  }
  const role = await getRole(github, repo, sender.login);
  if (hasAtLeast(role, config.min_permission)) return true;
  log.info({ sender: sender.login, role }, "refusing a trigger by a user without permission");
  const body = renderRefusalComment(sender.login, config.min_permission, config.trigger_label);
  await github.rest.issues.createComment({ ...repo, issue_number: issue.number, body });
  await removeLabel(github, repo, issue.number, config.trigger_label);
  return false;
}

type Tracking = { id: number; body: string; record: RunRecord };

async function acknowledge({ github, now }: RunDeps, trigger: Trigger): Promise<Tracking> {
  const { repo, issue, sender, config } = trigger;
  await github.rest.reactions.createForIssue({
    ...repo,
    issue_number: issue.number,
    content: "eyes",
  });
  const existing = await findBotComment(github, repo, issue.number, RUN_MARKER);
  const previous = readRunRecord(existing?.body);
  if (existing && previous && previous.phase !== "failed")
    return { id: existing.id, body: existing.body ?? "", record: previous };
  const record: RunRecord = {
    parent: issue.number,
    triggeredBy: sender.login,
    startedAt: now().toISOString(),
    phase: "planning",
    errors: [],
  };
  const body = renderTrackingComment({ record, config, subIssues: new Map() });
  const comment = await upsertComment(github, repo, issue.number, existing, body);
  return { ...comment, record };
}

async function plan(deps: RunDeps, trigger: Trigger, record: RunRecord): Promise<RunRecord> {
  const { config, repo, issue, defaultBranch } = trigger;
  const context = await readRepositoryContext(deps.github, repo, {
    ref: defaultBranch,
    contextGlobs: config.planner.context_files,
    maxBytes: config.planner.context_max_bytes,
  });
  let anthropic: Anthropic;
  try {
    anthropic = deps.anthropic();
  } catch (error) {
    return {
      ...record,
      phase: "failed",
      errors: [`the planner is not configured: ${(error as Error).message}`],
    };
  }
  const outcome = await requestPlan(anthropic, {
    model: config.planner.model,
    maxTasks: config.planner.max_tasks,
    issue: {
      number: issue.number,
      title: sanitizeUntrustedText(issue.title),
      body: sanitizeUntrustedText(issue.body ?? ""),
    },
    context,
    pricing: resolvePricing(config.pricing),
  });
  deps.log.info(
    { issue: issue.number, ok: outcome.ok, planner: outcome.planner },
    "planner finished",
  );
  if (!outcome.ok)
    return { ...record, phase: "failed", errors: outcome.errors, planner: outcome.planner };
  return { ...record, phase: "planned", plan: outcome.plan, planner: outcome.planner, errors: [] };
}

async function createSubIssues({ github }: RunDeps, trigger: Trigger, record: RunRecord) {
  await ensureLabels(github, trigger.repo, [TASK_LABEL]);
  await ensureSubIssues(
    github,
    trigger.repo,
    { number: record.parent, startedAt: record.startedAt },
    record.plan!,
  );
}

async function show(
  { github }: RunDeps,
  { repo, issue, config }: Trigger,
  commentId: number,
  record: RunRecord,
  subIssues: ReadonlyMap<string, number>,
): Promise<void> {
  const estimateUsd = record.plan
    ? estimateRunCost(record.plan.tasks, config.executor.model, resolvePricing(config.pricing))
    : undefined;
  const body = renderTrackingComment({ record, config, subIssues, estimateUsd });
  await upsertComment(github, repo, issue.number, { id: commentId }, body);
}
