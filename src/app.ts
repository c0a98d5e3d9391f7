import type Anthropic from "@anthropic-ai/sdk";
import type { ApplicationFunction, Context } from "probot";
import { createDeliveryLog } from "./handlers/delivery-log.ts";
import {
  parentFromBranch,
  parentFromReport,
  parentFromRunTitle,
  parentFromTaskIssue,
  parentOfCommentTarget,
} from "./handlers/find-parent.ts";
import { onIssueComment } from "./handlers/on-issue-comment.ts";
import { onIssueLabeled } from "./handlers/on-issue-labeled.ts";
import { reconcileParent } from "./handlers/reconcile-parent.ts";
import { createAnthropic } from "./llm/anthropic-client.ts";
import type { ObservationCache } from "./run/observe-run.ts";
import { createKeyedQueue } from "./run/serialize-by-key.ts";

export type FanoutOptions = {
  /** Where model calls go; defaults to the Anthropic API with `ANTHROPIC_API_KEY`. */
  anthropic?: () => Anthropic;
  now?: () => Date;
};

type RunContext = Context & {
  payload: { repository: { full_name: string; default_branch: string } };
};

/** The Probot app: each handler finds the run an event concerns and hands it to the core. */
export function createFanoutApp(options: FanoutOptions = {}): ApplicationFunction {
  return (probot) => {
    const now = options.now ?? (() => new Date());
    const deps = { anthropic: options.anthropic ?? (() => createAnthropic()), now };
    const isFirstDelivery = createDeliveryLog();
    const queue = createKeyedQueue();
    const cache: ObservationCache = new Map();
    const runKey = (context: Context, parent: number) =>
      `${(context as RunContext).payload.repository.full_name}#${parent}`;

    // Triggers and commands: each is handled, in order, one at a time per run.
    const handle = async (context: Context, parent: number, work: () => Promise<void>) => {
      if (!isFirstDelivery(context.id)) return;
      await queue.serialize(runKey(context, parent), work);
    };
    // Everything else only says "this run changed": bring it up to date, coalescing bursts.
    const reconcile = async (context: Context, parent: number | undefined) => {
      if (parent === undefined || !isFirstDelivery(context.id)) return;
      await queue.coalesce(runKey(context, parent), () =>
        reconcileParent(context as RunContext, parent, now, cache),
      );
    };

    probot.on("issues.labeled", (context) =>
      handle(context, context.payload.issue.number, () => onIssueLabeled(context, deps)),
    );
    probot.on("issue_comment.created", (context) => {
      const { comment, issue } = context.payload;
      const report = parentFromReport(comment);
      if (report !== undefined) return reconcile(context, report);
      return handle(context, parentOfCommentTarget(issue), () => onIssueComment(context, now));
    });
    probot.on(["issues.closed", "issues.reopened"], (context) =>
      reconcile(context, parentFromTaskIssue(context.payload.issue)),
    );
    probot.on("sub_issues", (context) => {
      // fanout's own linking (while it creates the sub-issues) is followed by a reconcile anyway.
      if (context.payload.sender?.type === "Bot") return;
      return reconcile(context, context.payload.parent_issue.number);
    });
    probot.on("workflow_run", (context) =>
      reconcile(
        context,
        parentFromRunTitle(
          (context.payload.workflow_run as { display_title?: string }).display_title,
        ),
      ),
    );
    probot.on("workflow_job", async (context) => {
      const job = context.payload.workflow_job;
      if (job.workflow_name !== "fanout executor") return;
      // A job names its run, not the run's title; one read finds which issue it works for.
      const { data: run } = await context.octokit.rest.actions.getWorkflowRun(
        context.repo({ run_id: job.run_id }),
      );
      return reconcile(context, parentFromRunTitle(run.display_title));
    });
    probot.on(
      [
        "pull_request.opened",
        "pull_request.closed",
        "pull_request.reopened",
        "pull_request.synchronize",
      ],
      (context) => reconcile(context, parentFromBranch(context.payload.pull_request.head.ref)),
    );
    probot.on("check_run", (context) =>
      reconcile(context, parentFromBranch(context.payload.check_run.check_suite?.head_branch)),
    );
  };
}

export default createFanoutApp();
