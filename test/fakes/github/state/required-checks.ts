import type { SimContext } from "../sim-context.ts";
import { latestPerName } from "./check-runs.ts";

export interface ChecksVerdict {
  /** Required contexts with no passing check run or status on the sha. */
  unmet: string[];
  /** Whether any check run or status on the sha failed (required or not). */
  anyFailing: boolean;
}

const PASSING_CONCLUSIONS = new Set(["success", "neutral", "skipped"]);
const FAILING_CONCLUSIONS = new Set(["failure", "cancelled", "timed_out", "action_required"]);

/**
 * GitHub's view of a sha against the base branch's required status checks: a required context is
 * met by a check run (latest of that name) that completed successful, neutral or skipped, or by
 * a commit status (latest for that context) in state success.
 */
export function evaluateChecks(ctx: SimContext, baseRef: string, sha: string): ChecksVerdict {
  const runs = latestPerName(ctx.checkRuns.forSha(sha));
  const statuses = ctx.statuses.latestForSha(sha);
  const passing = new Set<string>();
  for (const run of runs) {
    if (run.status === "completed" && run.conclusion && PASSING_CONCLUSIONS.has(run.conclusion)) {
      passing.add(run.name);
    }
  }
  for (const status of statuses) if (status.state === "success") passing.add(status.context);
  const required = ctx.rulesets.forBranch(baseRef)?.contexts ?? [];
  const anyFailing =
    runs.some((run) => run.conclusion !== null && FAILING_CONCLUSIONS.has(run.conclusion)) ||
    statuses.some((status) => status.state === "failure" || status.state === "error");
  return { unmet: required.filter((context) => !passing.has(context)), anyFailing };
}
