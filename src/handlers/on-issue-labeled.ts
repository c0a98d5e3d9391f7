import type { Context } from "probot";
import { loadConfig } from "../config/load-config.ts";
import { renderConfigErrorComment } from "../report/config-error-comment.ts";
import { type RunDeps, startRun } from "../run/start-run.ts";

export async function onIssueLabeled(
  context: Context<"issues.labeled">,
  deps: Omit<RunDeps, "github" | "log">,
): Promise<void> {
  const { payload } = context;
  if (payload.issue.pull_request) return;
  const loaded = await loadConfig(context);
  const triggerLabel = loaded.ok ? loaded.config.trigger_label : loaded.triggerLabel;
  if (payload.label?.name !== triggerLabel) return;

  if (!loaded.ok) {
    const body = renderConfigErrorComment(loaded.problems, triggerLabel);
    await context.octokit.rest.issues.createComment(context.issue({ body }));
    return;
  }
  await startRun(
    { ...deps, github: context.octokit, log: context.log },
    {
      repo: context.repo(),
      defaultBranch: payload.repository.default_branch,
      config: loaded.config,
      issue: { number: payload.issue.number, title: payload.issue.title, body: payload.issue.body },
      sender: { login: payload.sender.login, type: payload.sender.type },
    },
  );
}
