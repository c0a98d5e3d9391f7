import type { GitHub, Repo } from "../github/client.ts";
import { listBotComments } from "../github/comments.ts";
import { readTaskSpec } from "../plan/task-spec.ts";
import { type AttemptRequest, readAttemptRequest } from "./attempt-request.ts";
import { readBudgetNotice } from "./budget-notice.ts";
import { readDispatchRecord } from "./dispatch-record.ts";
import { readRunRecord } from "./run-record.ts";
import type { ObservedAttempt, ObservedTask, RunState } from "./run-state.ts";
import { readUsageRecord } from "./usage-record.ts";

export const RUN_MARKER = "<!-- fanout:run:";

/**
 * Reads a run's whole state from GitHub: the plan from the tracking comment, each sub-issue with
 * its attempts (dispatch records by the app, usage records by the executor), and the workflow run
 * of attempts still in flight. Each record has one writer, so reading never races a write.
 */
export async function observeRun(
  github: GitHub,
  repo: Repo,
  parent: number,
): Promise<RunState | undefined> {
  const parentComments = await listBotComments(github, repo, parent);
  const tracking = parentComments.find((comment) => comment.body?.includes(RUN_MARKER));
  const record = readRunRecord(tracking?.body);
  if (!tracking || !record) return undefined;
  const budgetNotices = parentComments.flatMap((comment) => {
    const notice = readBudgetNotice(comment.body);
    return notice ? [notice] : [];
  });

  const subIssues = await github.paginate(github.rest.issues.listSubIssues, {
    ...repo,
    issue_number: parent,
    per_page: 100,
  });
  const tasks = new Map<string, ObservedTask>();
  for (const issue of subIssues) {
    const spec = readTaskSpec(issue.body);
    if (!spec || spec.parent !== parent || issue.user?.type !== "Bot") continue;
    tasks.set(spec.key, {
      key: spec.key,
      issue: {
        number: issue.number,
        id: issue.id,
        state: issue.state as "open" | "closed",
        stateReason: issue.state_reason,
      },
      ...(issue.comments > 0
        ? await observeAttempts(github, repo, issue.number)
        : { attempts: [], requests: [] }),
    });
  }
  return {
    parent,
    trackingCommentId: tracking.id,
    trackingBody: tracking.body ?? "",
    record,
    tasks,
    budgetNotices,
  };
}

async function observeAttempts(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
): Promise<{ attempts: ObservedAttempt[]; requests: AttemptRequest[] }> {
  const fromBot = await listBotComments(github, repo, issueNumber);
  const usage = fromBot.flatMap((comment) => {
    const record = readUsageRecord(comment.body);
    return record ? [{ record, url: comment.html_url }] : [];
  });
  const attempts: ObservedAttempt[] = [];
  for (const comment of fromBot) {
    const dispatch = readDispatchRecord(comment.body);
    if (!dispatch) continue;
    const found = usage.find(({ record }) => record.attempt === dispatch.attempt);
    const report = found?.record;
    const attempt: ObservedAttempt = {
      ...dispatch,
      dispatchCommentId: comment.id,
      usage: report,
      reportUrl: found?.url,
    };
    if (!report && dispatch.runId) {
      const { data: run } = await github.rest.actions.getWorkflowRun({
        ...repo,
        run_id: dispatch.runId,
      });
      attempt.runStatus = run.status ?? undefined;
      attempt.runConclusion = run.conclusion;
    }
    attempts.push(attempt);
  }
  const requests = fromBot.flatMap((comment) => {
    const request = readAttemptRequest(comment.body);
    return request ? [request] : [];
  });
  return { attempts: attempts.sort((a, b) => a.attempt - b.attempt), requests };
}
