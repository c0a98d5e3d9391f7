import type Anthropic from "@anthropic-ai/sdk";
import type { ApplicationFunction, Context } from "probot";
import { createDeliveryLog } from "./handlers/delivery-log.ts";
import {
  parentFromRunTitle,
  parentFromTaskIssue,
  parentOfCommentTarget,
} from "./handlers/find-parent.ts";
import { onIssueComment } from "./handlers/on-issue-comment.ts";
import { onIssueLabeled } from "./handlers/on-issue-labeled.ts";
import { reconcileParent } from "./handlers/reconcile-parent.ts";
import { createAnthropic } from "./llm/anthropic-client.ts";
import { createKeyedQueue } from "./run/serialize-by-key.ts";

export type FanoutOptions = {
  /** Where model calls go; defaults to the Anthropic API with `ANTHROPIC_API_KEY`. */
  anthropic?: () => Anthropic;
  now?: () => Date;
};

/** The Probot app: each handler finds the run an event concerns and hands it to the core. */
export function createFanoutApp(options: FanoutOptions = {}): ApplicationFunction {
  return (probot) => {
    const now = options.now ?? (() => new Date());
    const deps = { anthropic: options.anthropic ?? (() => createAnthropic()), now };
    const isFirstDelivery = createDeliveryLog();
    const serialize = createKeyedQueue();
    // One handler at a time per run; a duplicate delivery is dropped.
    const forRun = async (
      context: Context,
      parent: number | undefined,
      work: () => Promise<void>,
    ) => {
      if (parent === undefined || !isFirstDelivery(context.id)) return;
      const repository = (context.payload as { repository: { full_name: string } }).repository;
      await serialize(`${repository.full_name}#${parent}`, work);
    };

    probot.on("issues.labeled", (context) =>
      forRun(context, context.payload.issue.number, () => onIssueLabeled(context, deps)),
    );
    probot.on("issue_comment.created", (context) =>
      forRun(context, parentOfCommentTarget(context.payload.issue), () =>
        onIssueComment(context, now),
      ),
    );
    probot.on("issues.closed", (context) => {
      const parent = parentFromTaskIssue(context.payload.issue);
      return forRun(context, parent, () => reconcileParent(context, parent!, now));
    });
    probot.on("workflow_run.completed", (context) => {
      const parent = parentFromRunTitle(context.payload.workflow_run.display_title);
      return forRun(context, parent, () => reconcileParent(context, parent!, now));
    });
  };
}

export default createFanoutApp();
