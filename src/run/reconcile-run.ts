import type { FanoutConfig } from "../config/config-schema.ts";
import { estimateRunCost } from "../cost/estimate-run.ts";
import { resolvePricing } from "../cost/pricing.ts";
import { computeRunCosts } from "../cost/run-costs.ts";
import type { GitHub, Repo } from "../github/client.ts";
import { withoutElapsed } from "../report/elapsed-line.ts";
import { renderTrackingComment, type TaskView } from "../report/render-tracking-comment.ts";
import { applyRunActions } from "./apply-run-actions.ts";
import { decideRun } from "./decide-run.ts";
import { type ObservationCache, observeRun } from "./observe-run.ts";
import { type RunState, statusOf } from "./run-state.ts";

export type ReconcileContext = {
  github: GitHub;
  repo: Repo;
  config: FanoutConfig;
  parent: number;
  baseRef: string;
  now: () => Date;
  /** Finished attempts already read, kept for the app's lifetime. */
  cache?: ObservationCache | undefined;
};

/**
 * Level-triggered: whatever event arrived, read the whole run, decide, act, and show the result.
 * A lost, repeated or reordered event therefore cannot leave a run stuck or doubled.
 */
export async function reconcileRun(context: ReconcileContext): Promise<void> {
  const state = await observeRun(context.github, context.repo, context.parent, context.cache);
  if (!state) return;
  const actions = decideRun(state, context.config);
  await applyRunActions(context, actions);
  const after =
    actions.length > 0
      ? ((await observeRun(context.github, context.repo, context.parent, context.cache)) ?? state)
      : state;
  await showRun(context, after);
}

/** Renders the tracking comment from the observed state; edits it only when a reader would see a change. */
async function showRun(
  { github, repo, config, now }: ReconcileContext,
  state: RunState,
): Promise<void> {
  const plan = state.record.plan;
  if (!plan) return;
  const statuses = new Map<string, TaskView>();
  let setupProblem: string | undefined;
  for (const task of plan.tasks) {
    const observed = state.tasks.get(task.key);
    const last = observed?.attempts.at(-1);
    if (last?.error && !last.usage) setupProblem ??= last.error;
    statuses.set(task.key, {
      status: statusOf(observed, task.dependsOn, state.tasks),
      attempts: observed?.attempts.length ?? 0,
      model: last?.model,
      pullRequest: last?.usage?.pullRequest,
      runUrl: last?.runUrl,
      reportUrl: last?.reportUrl,
    });
  }
  const costs = computeRunCosts(state, config);
  const budgetStopped = state.budgetNotices.some(
    (notice) => notice.kind === "stop" && notice.limitUsd === config.budget.per_run_usd,
  );
  const body = renderTrackingComment({
    record: state.record,
    config,
    subIssues: new Map([...state.tasks].map(([key, task]) => [key, task.issue.number])),
    estimateUsd: estimateRunCost(plan.tasks, config.executor.model, resolvePricing(config.pricing)),
    statuses,
    costs,
    setupProblem,
    budgetStopped,
    now: now(),
  });
  if (withoutElapsed(body) === withoutElapsed(state.trackingBody)) return;
  await github.rest.issues.updateComment({ ...repo, comment_id: state.trackingCommentId, body });
}
