import type { Context } from "probot";
import { parseCommand } from "../commands/parse-command.ts";
import { requestAttempt } from "../commands/request-attempt.ts";
import { loadConfig } from "../config/load-config.ts";
import { approveRun } from "../run/approve-run.ts";

/** Commands in comments; anything that is not one is conversation and ignored. */
export async function onIssueComment(
  context: Context<"issue_comment.created">,
  now: () => Date,
): Promise<void> {
  const { comment, issue, sender, repository } = context.payload;
  if (sender.type === "Bot") return;
  const command = parseCommand(comment.body);
  if (!command || !["approve", "retry", "escalate"].includes(command.name)) return;
  const loaded = await loadConfig(context);
  if (!loaded.ok) return;
  const base = {
    github: context.octokit,
    repo: context.repo(),
    config: loaded.config,
    baseRef: repository.default_branch,
    now,
  };
  if (command.name === "approve") {
    if (issue.pull_request) return;
    await approveRun({
      ...base,
      issueNumber: issue.number,
      commentId: comment.id,
      approver: sender.login,
    });
    return;
  }
  await requestAttempt(
    {
      ...base,
      on: {
        number: issue.number,
        isPullRequest: Boolean(issue.pull_request),
        body: issue.body,
        authorType: issue.user?.type,
      },
      commentId: comment.id,
      sender: sender.login,
    },
    command,
  );
}
