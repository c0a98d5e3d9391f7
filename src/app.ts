import type Anthropic from "@anthropic-ai/sdk";
import type { ApplicationFunction } from "probot";
import { createDeliveryLog } from "./handlers/delivery-log.ts";
import { onIssueComment } from "./handlers/on-issue-comment.ts";
import { onIssueLabeled } from "./handlers/on-issue-labeled.ts";
import { createAnthropic } from "./llm/anthropic-client.ts";
import { createKeyedQueue } from "./run/serialize-by-key.ts";

export type FanoutOptions = {
  /** Where model calls go; defaults to the Anthropic API with `ANTHROPIC_API_KEY`. */
  anthropic?: () => Anthropic;
  now?: () => Date;
};

/** The Probot app: every handler is a thin step into the core; no rule lives here. */
export function createFanoutApp(options: FanoutOptions = {}): ApplicationFunction {
  return (probot) => {
    const deps = {
      anthropic: options.anthropic ?? (() => createAnthropic()),
      now: options.now ?? (() => new Date()),
    };
    const isFirstDelivery = createDeliveryLog();
    const serialize = createKeyedQueue();

    probot.on("issues.labeled", async (context) => {
      if (!isFirstDelivery(context.id)) return;
      const key = `${context.payload.repository.full_name}#${context.payload.issue.number}`;
      await serialize(key, () => onIssueLabeled(context, deps));
    });

    probot.on("issue_comment.created", async (context) => {
      if (!isFirstDelivery(context.id)) return;
      const key = `${context.payload.repository.full_name}#${context.payload.issue.number}`;
      await serialize(key, () => onIssueComment(context));
    });
  };
}

export default createFanoutApp();
