import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitTree } from "./bare-repo.ts";
import { memoizeByObjects } from "./object-cache.ts";
import { runGit, runGitRaw } from "./run-git.ts";

export type MergeTreeResult = { clean: true; tree: string } | { clean: false; conflicts: string[] };

/** A three-way merge of two commits done by git itself, without touching any ref. */
export function mergeTrees(gitDir: string, ours: string, theirs: string): Promise<MergeTreeResult> {
  return memoizeByObjects(gitDir, "merge-tree", [ours, theirs], () =>
    runMergeTree(gitDir, ours, theirs),
  );
}

async function runMergeTree(
  gitDir: string,
  ours: string,
  theirs: string,
): Promise<MergeTreeResult> {
  const result = await runGitRaw(
    [
      "--git-dir",
      gitDir,
      "merge-tree",
      "--write-tree",
      "--name-only",
      "--no-messages",
      ours,
      theirs,
    ],
    { okCodes: [1] },
  );
  const lines = result.stdout.toString("utf8").split("\n").filter(Boolean);
  const tree = lines[0] ?? "";
  if (result.code === 0) return { clean: true, tree };
  return { clean: false, conflicts: [...new Set(lines.slice(1))] };
}

export type MergeMethod = "merge" | "squash" | "rebase";

export interface MergeRequest {
  method: MergeMethod;
  baseSha: string;
  headSha: string;
  /** Full commit message for merge and squash (title, blank line, body). */
  message: string;
}

export type MergeOutcome = { ok: true; sha: string } | { ok: false; conflicts: string[] };

/** The commit the base branch should move to when a PR is merged with `method`. */
export async function buildMergeCommit(
  gitDir: string,
  request: MergeRequest,
): Promise<MergeOutcome> {
  if (request.method === "rebase") return rebaseCommits(gitDir, request.baseSha, request.headSha);
  const merged = await mergeTrees(gitDir, request.baseSha, request.headSha);
  if (!merged.clean) return { ok: false, conflicts: merged.conflicts };
  const parents =
    request.method === "merge" ? [request.baseSha, request.headSha] : [request.baseSha];
  return { ok: true, sha: await commitTree(gitDir, merged.tree, parents, request.message) };
}

/**
 * Replays the PR's commits onto the base with `git cherry-pick` in a throwaway worktree:
 * git 2.39's merge-tree cannot take an explicit merge base, which a replay needs. Merge commits
 * inside the PR are skipped (simplification: GitHub refuses some of those rebases instead).
 */
async function rebaseCommits(
  gitDir: string,
  baseSha: string,
  headSha: string,
): Promise<MergeOutcome> {
  const commits = (
    await runGit(gitDir, [
      "rev-list",
      "--reverse",
      "--topo-order",
      "--no-merges",
      `${baseSha}..${headSha}`,
    ])
  )
    .split("\n")
    .filter(Boolean);
  if (commits.length === 0) return { ok: true, sha: baseSha };
  const dir = await mkdtemp(join(tmpdir(), "github-sim-rebase-"));
  const worktree = join(dir, "wt");
  await runGit(gitDir, ["worktree", "add", "--quiet", "--detach", worktree, baseSha]);
  try {
    const picked = await runGitRaw(["cherry-pick", "--keep-redundant-commits", ...commits], {
      cwd: worktree,
      okCodes: [1],
    });
    if (picked.code !== 0) {
      const status = await runGitRaw(["diff", "--name-only", "--diff-filter=U"], { cwd: worktree });
      const conflicts = status.stdout.toString("utf8").split("\n").filter(Boolean);
      return { ok: false, conflicts };
    }
    const sha = (await runGitRaw(["rev-parse", "HEAD"], { cwd: worktree })).stdout
      .toString("utf8")
      .trim();
    return { ok: true, sha };
  } finally {
    await runGit(gitDir, ["worktree", "remove", "--force", worktree]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    await runGit(gitDir, ["worktree", "prune"]);
  }
}

/** `Update branch` on a PR: a merge commit of the base into the head, as GitHub makes it. */
export async function mergeBaseIntoHead(
  gitDir: string,
  headSha: string,
  baseSha: string,
  message: string,
): Promise<MergeOutcome> {
  const merged = await mergeTrees(gitDir, headSha, baseSha);
  if (!merged.clean) return { ok: false, conflicts: merged.conflicts };
  return { ok: true, sha: await commitTree(gitDir, merged.tree, [headSha, baseSha], message) };
}
