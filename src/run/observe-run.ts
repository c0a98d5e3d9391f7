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
  cache: ObservationCache = new Map(),
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
      ...(await observeTaskHistory(github, repo, issue.number, issue.comments, cache)),
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

/**
 * Finished attempts never change (each record is written once), so a task whose attempts have
 * all ended and whose comment count is unchanged is read from the cache: without it, every
 * reconcile would re-read every sub-issue's comments and a run would cost O(tasks²) requests.
 */
export type ObservationCache = Map<string, { comments: number; history: TaskHistory }>;

const CACHE_LIMIT = 5_000;

type TaskHistory = { attempts: ObservedAttempt[]; requests: AttemptRequest[] };

async function observeTaskHistory(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
  comments: number,
  cache: ObservationCache,
): Promise<TaskHistory> {
  if (comments === 0) return { attempts: [], requests: [] };
  const key = `${repo.owner}/${repo.repo}#${issueNumber}`;
  const cached = cache.get(key);
  if (cached && cached.comments === comments) return cached.history;
  const history = await observeAttempts(github, repo, issueNumber);
  const settled = history.attempts.every(
    (attempt) => attempt.usage || attempt.error || attempt.runStatus === "completed",
  );
  cache.delete(key);
  if (settled) cache.set(key, { comments, history });
  // Oldest first: a long-lived app forgets finished runs rather than growing without bound.
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return history;
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
