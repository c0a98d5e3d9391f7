import { CONFIG_PATH } from "../config/load-config.ts";
import type { GitHub, Repo } from "../github/client.ts";
import { renderBudgetNotice } from "./budget-notice.ts";
import type { RunAction } from "./decide-run.ts";
import { type DispatchRecord, renderDispatchComment } from "./dispatch-record.ts";
import type { ReconcileContext } from "./reconcile-run.ts";

type ApplyContext = Omit<ReconcileContext, "cache">;

type DispatchAction = Extract<RunAction, { type: "dispatch" }>;

/** Performs what `decideRun` decided, each action guarded so a repeat does no harm. */
export async function applyRunActions(
  context: ApplyContext,
  actions: readonly RunAction[],
): Promise<void> {
  const { github, repo, parent } = context;
  for (const action of actions) {
    switch (action.type) {
      case "dispatch":
        await dispatchTask(context, action);
        break;
      case "cancel-run":
        await cancelRun(github, repo, action.runId);
        break;
      case "warn-budget":
      case "stop-for-budget": {
        const notice =
          action.type === "warn-budget"
            ? {
                kind: "warning" as const,
                percent: action.percent,
                spentUsd: action.spentUsd,
                limitUsd: action.limitUsd,
              }
            : {
                kind: "stop" as const,
                spentUsd: action.spentUsd,
                limitUsd: action.limitUsd,
                cancelled: action.cancelled,
                notStarted: action.notStarted,
              };
        const body = renderBudgetNotice(notice, { config: CONFIG_PATH });
        await github.rest.issues.createComment({ ...repo, issue_number: parent, body });
        break;
      }
    }
  }
}

async function cancelRun(github: GitHub, repo: Repo, runId: number): Promise<void> {
  try {
    await github.rest.actions.cancelWorkflowRun({ ...repo, run_id: runId });
  } catch (error) {
    // 409: the run finished meanwhile; nothing left to stop.
    if ((error as { status?: number }).status !== 409) throw error;
  }
}

/**
 * The attempt is written on the sub-issue first: if the process dies between that and the
 * dispatch, the next event sees the attempt and does not start it twice.
 */
async function dispatchTask(
  { github, repo, config, parent, baseRef, now }: ApplyContext,
  action: DispatchAction,
): Promise<void> {
  const workflow = config.executor.workflow;
  const record: DispatchRecord = {
    attempt: action.attempt,
    model: action.model,
    dispatchedAt: now().toISOString(),
    budgetUsd: action.budgetUsd,
  };
  const { data: comment } = await github.rest.issues.createComment({
    ...repo,
    issue_number: action.issueNumber,
    body: renderDispatchComment(record, workflow),
  });
  const update = (next: DispatchRecord) =>
    github.rest.issues.updateComment({
      ...repo,
      comment_id: comment.id,
      body: renderDispatchComment(next, workflow),
    });
  try {
    const { data } = await github.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: workflow,
      ref: baseRef,
      inputs: {
        task_issue: String(action.issueNumber),
        parent_issue: String(parent),
        attempt: String(action.attempt),
        model: action.model,
        budget_usd: String(action.budgetUsd),
      },
      return_run_details: true,
    });
    const details = data as { workflow_run_id?: number; html_url?: string } | undefined;
    await update({ ...record, runId: details?.workflow_run_id, runUrl: details?.html_url });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 404 && status !== 422) throw error;
    const reason =
      status === 404
        ? `the executor workflow \`.github/workflows/${workflow}\` does not exist on \`${baseRef}\``
        : `the executor workflow \`.github/workflows/${workflow}\` cannot be dispatched (it needs a \`workflow_dispatch\` trigger with fanout's inputs)`;
    await update({ ...record, error: reason });
  }
}
