import type { Context } from "probot";
import { loadConfig } from "../config/load-config.ts";
import type { ObservationCache } from "../run/observe-run.ts";
import { reconcileRun } from "../run/reconcile-run.ts";

type RepoContext = Pick<Context, "config" | "octokit" | "log" | "repo"> & {
  payload: { repository: { default_branch: string } };
};

/** Any event that concerns a run reconciles the whole run; the event itself carries no decision. */
export async function reconcileParent(
  context: RepoContext,
  parent: number,
  now: () => Date,
  cache?: ObservationCache,
): Promise<void> {
  const loaded = await loadConfig(context);
  if (!loaded.ok) {
    // The config error was explained when the run was triggered; an event cannot fix it.
    context.log.warn({ parent }, "not reconciling: .github/fanout.yml is invalid");
    return;
  }
  await reconcileRun({
    github: context.octokit,
    repo: context.repo(),
    config: loaded.config,
    parent,
    baseRef: context.payload.repository.default_branch,
    now,
    cache,
  });
}
