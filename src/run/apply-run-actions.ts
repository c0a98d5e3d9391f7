import type { FanoutConfig } from "../config/config-schema.ts";
import type { GitHub, Repo } from "../github/client.ts";
import type { RunAction } from "./decide-run.ts";
import { type DispatchRecord, renderDispatchComment } from "./dispatch-record.ts";

type ApplyContext = {
  github: GitHub;
  repo: Repo;
  config: FanoutConfig;
  parent: number;
  baseRef: string;
  now: () => Date;
};

export type DispatchOutcome = {
  key: string;
  runId?: number | undefined;
  error?: string | undefined;
};

/**
 * Performs dispatches. The attempt is written on the sub-issue first: if the process dies
 * between that and the dispatch, the next event sees the attempt and does not start it twice.
 */
export async function applyRunActions(
  context: ApplyContext,
  actions: readonly RunAction[],
): Promise<DispatchOutcome[]> {
  const outcomes: DispatchOutcome[] = [];
  for (const action of actions) outcomes.push(await dispatchTask(context, action));
  return outcomes;
}

async function dispatchTask(
  { github, repo, config, parent, baseRef, now }: ApplyContext,
  action: RunAction,
): Promise<DispatchOutcome> {
  const workflow = config.executor.workflow;
  const record: DispatchRecord = {
    attempt: action.attempt,
    model: action.model,
    dispatchedAt: now().toISOString(),
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
      },
      return_run_details: true,
    });
    const details = data as { workflow_run_id?: number; html_url?: string } | undefined;
    await update({ ...record, runId: details?.workflow_run_id, runUrl: details?.html_url });
    return { key: action.key, runId: details?.workflow_run_id };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 404 && status !== 422) throw error;
    const reason =
      status === 404
        ? `the executor workflow \`.github/workflows/${workflow}\` does not exist on \`${baseRef}\``
        : `the executor workflow \`.github/workflows/${workflow}\` cannot be dispatched (it needs a \`workflow_dispatch\` trigger with fanout's inputs)`;
    await update({ ...record, error: reason });
    return { key: action.key, error: reason };
  }
}
