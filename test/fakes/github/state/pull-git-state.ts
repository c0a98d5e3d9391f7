import { branchShas, commitsBetween, isAncestor, mergeBase } from "../git/bare-repo.ts";
import { mergeTrees } from "../git/merge.ts";
import { diffFiles } from "../git/read-objects.ts";
import type { SimContext } from "../sim-context.ts";
import type { PullRecord } from "./pulls.ts";
import { evaluateChecks } from "./required-checks.ts";

export interface PullGitState {
  headSha: string;
  baseSha: string;
  mergeable: boolean | null;
  mergeableState: string;
  conflicts: string[];
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

/**
 * A PR's head, base and mergeability, computed from git on every read. Simplification: GitHub
 * computes `mergeable` in the background and may answer `null` first; here it is always known.
 */
export async function inspectPull(ctx: SimContext, pull: PullRecord): Promise<PullGitState> {
  const issue = ctx.issues.get(pull.number);
  const branches = await branchShas(ctx.gitDir);
  const headSha = branches.get(pull.headRef) ?? pull.headSha;
  const baseSha = branches.get(pull.baseRef) ?? headSha;
  const base = (await mergeBase(ctx.gitDir, baseSha, headSha)) ?? baseSha;
  const files = pull.merged ? [] : await diffFiles(ctx.gitDir, base, headSha);
  const state: PullGitState = {
    headSha,
    baseSha,
    mergeable: null,
    mergeableState: "unknown",
    conflicts: [],
    commits: pull.merged ? 0 : (await commitsBetween(ctx.gitDir, baseSha, headSha)).length,
    additions: files.reduce((sum, file) => sum + file.additions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    changedFiles: files.length,
  };
  if (pull.merged || issue?.state === "closed") return state;
  const merged = await mergeTrees(ctx.gitDir, baseSha, headSha);
  if (!merged.clean)
    return { ...state, mergeable: false, mergeableState: "dirty", conflicts: merged.conflicts };
  const verdict = evaluateChecks(ctx, pull.baseRef, headSha);
  const strict = ctx.rulesets.forBranch(pull.baseRef)?.strict ?? false;
  let mergeableState = "clean";
  if (pull.draft) mergeableState = "draft";
  else if (verdict.unmet.length > 0) mergeableState = "blocked";
  else if (strict && !(await isAncestor(ctx.gitDir, baseSha, headSha))) mergeableState = "behind";
  else if (verdict.anyFailing) mergeableState = "unstable";
  return { ...state, mergeable: true, mergeableState };
}
