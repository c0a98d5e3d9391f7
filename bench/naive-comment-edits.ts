import type { ApplicationFunction, Context, Probot } from "probot";
import { readTaskSpec } from "../src/plan/task-spec.ts";

const RUN_MARKER = "<!-- fanout:run:";

type Payload = {
  action?: string;
  repository?: { name: string; owner: { login: string } };
  comment?: { body?: string | null };
  issue?: { number: number; body?: string | null; pull_request?: unknown };
  pull_request?: { body?: string | null };
  workflow_run?: { display_title?: string | null };
  parent_issue?: { number: number };
};

/**
 * The naive baseline the bench compares fanout with: fanout's app, plus one edit of the run's
 * tracking comment after every event that concerns a run, whether or not anything changed. It
 * edits after fanout's own handler for the event has finished, so it never writes a stale body
 * over fanout's newer one. Edits of the tracking comment itself are not answered with another
 * edit: that would loop forever.
 */
export function withNaiveCommentEdits(app: ApplicationFunction): ApplicationFunction {
  return async (probot, options) => {
    const edited = new Set<string>();
    const editOnce = async (context: Context) => {
      if (edited.has(context.id)) return;
      edited.add(context.id);
      await editTrackingComment(context);
    };
    const listened = new Set<string>();
    const on: Probot["on"] = (events, handler) => {
      for (const event of [events].flat()) listened.add(event);
      probot.on(events, async (context) => {
        await handler(context);
        await editOnce(context as Context);
      });
    };
    // fanout's app sees a Probot whose `on` also edits; everything else is the real Probot.
    const wrapped = new Proxy(probot, {
      get(target, property) {
        if (property === "on") return on;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await app(wrapped, options);
    probot.onAny(async (context) => {
      const action = (context.payload as Payload).action;
      const covered = [context.name, `${context.name}.${action}`].some((name) =>
        listened.has(name),
      );
      if (!covered) await editOnce(context as Context);
    });
  };
}

async function editTrackingComment(context: Context): Promise<void> {
  const payload = context.payload as Payload;
  const parent = parentOfEvent(context.name, payload);
  if (parent === undefined || !payload.repository) return;
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const comments = await context.octokit.paginate(context.octokit.rest.issues.listComments, {
    ...repo,
    issue_number: parent,
    per_page: 100,
  });
  const tracking = comments.find(
    (comment) => comment.user?.type === "Bot" && comment.body?.includes(RUN_MARKER),
  );
  if (!tracking) return;
  await context.octokit.rest.issues.updateComment({
    ...repo,
    comment_id: tracking.id,
    body: tracking.body ?? "",
  });
}

/** The parent issue of the run an event concerns, read from the payload alone. */
function parentOfEvent(name: string, payload: Payload): number | undefined {
  if (payload.comment?.body?.includes(RUN_MARKER)) return undefined;
  if (name === "workflow_run") {
    const match = /^fanout task #\d+ of #(\d+)\b/.exec(payload.workflow_run?.display_title ?? "");
    return match ? Number(match[1]) : undefined;
  }
  if (name === "sub_issues") return payload.parent_issue?.number;
  const pullBody = payload.pull_request
    ? payload.pull_request.body
    : payload.issue?.pull_request
      ? payload.issue.body
      : undefined;
  if (pullBody !== undefined) {
    const match = /part of #(\d+)/.exec(pullBody ?? "");
    return match ? Number(match[1]) : undefined;
  }
  if (payload.issue) return readTaskSpec(payload.issue.body)?.parent ?? payload.issue.number;
  return undefined;
}
