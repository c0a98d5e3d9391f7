import type { Context } from "probot";
import { loadConfig } from "../config/load-config.ts";
import { renderConfigErrorComment } from "../report/config-error-comment.ts";

export async function onIssueLabeled(context: Context<"issues.labeled">): Promise<void> {
  const loaded = await loadConfig(context);
  const triggerLabel = loaded.ok ? loaded.config.trigger_label : loaded.triggerLabel;
  if (context.payload.label?.name !== triggerLabel) return;

  if (!loaded.ok) {
    const body = renderConfigErrorComment(loaded.problems, triggerLabel);
    await context.octokit.rest.issues.createComment(context.issue({ body }));
    return;
  }
  context.log.info({ issue: context.payload.issue.number }, "fanout triggered");
}
