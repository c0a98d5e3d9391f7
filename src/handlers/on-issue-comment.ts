import type { Context } from "probot";
import { parseCommand } from "../commands/parse-command.ts";
import { loadConfig } from "../config/load-config.ts";
import { approveRun } from "../run/approve-run.ts";

export async function onIssueComment(
  context: Context<"issue_comment.created">,
  now: () => Date,
): Promise<void> {
  const { comment, issue, sender, repository } = context.payload;
  if (sender.type === "Bot") return;
  const command = parseCommand(comment.body);
  if (command?.name !== "approve" || issue.pull_request) return;
  const loaded = await loadConfig(context);
  if (!loaded.ok) return;
  await approveRun({
    github: context.octokit,
    repo: context.repo(),
    config: loaded.config,
    issueNumber: issue.number,
    commentId: comment.id,
    approver: sender.login,
    baseRef: repository.default_branch,
    now,
  });
}
