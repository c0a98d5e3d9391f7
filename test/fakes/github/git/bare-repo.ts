import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropObjectCache, memoizeByObjects } from "./object-cache.ts";
import { runGit, runGitRaw } from "./run-git.ts";

const ZERO_SHA = "0".repeat(40);

/** Files to write: a string is the new content, `null` deletes the path. */
export type FileChanges = Record<string, string | null>;

/** Creates an empty bare repository whose HEAD names `defaultBranch`. */
export async function initBareRepo(defaultBranch: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "github-sim-"));
  const gitDir = join(dir, "repo.git");
  // A bare repository accepts non-fast-forward pushes by default, like GitHub without rules.
  await runGitRaw(["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, gitDir]);
  return gitDir;
}

export async function removeRepo(gitDir: string): Promise<void> {
  dropObjectCache(gitDir);
  forgetRefs(gitDir);
  await rm(join(gitDir, ".."), { recursive: true, force: true });
}

export interface BranchCommit {
  branch: string;
  files: FileChanges;
  message: string;
  /** The commit the branch is at now (its tree is the starting point); none for a root commit. */
  parent: string | undefined;
}

/**
 * Commits file changes onto a branch with one `git fast-import` (blobs, tree, commit and ref in
 * a single process). fast-import refuses to move the branch unless the new commit descends from
 * where it is, so a concurrent push is not overwritten. Returns the new commit's sha.
 */
export async function commitToBranch(gitDir: string, commit: BranchCommit): Promise<string> {
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}`;
  const signature = "GitHub <noreply@github.com> 1704067200 +0000";
  const lines = [
    `commit refs/heads/${commit.branch}`,
    "mark :1",
    `author ${signature}`,
    `committer ${signature}`,
    data(commit.message.endsWith("\n") ? commit.message : `${commit.message}\n`),
  ];
  if (commit.parent) lines.push(`from ${commit.parent}`);
  for (const [path, content] of Object.entries(commit.files)) {
    lines.push(
      content === null
        ? `D ${quotePath(path)}`
        : `M 100644 inline ${quotePath(path)}\n${data(content)}`,
    );
  }
  lines.push("get-mark :1", "");
  const out = await runGit(gitDir, ["fast-import", "--quiet"], { input: lines.join("\n") });
  forgetRefs(gitDir);
  return out.trim();
}

/** fast-import's C-style quoting, which any path may use. */
function quotePath(path: string): string {
  return `"${path.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n")}"`;
}

export async function commitTree(
  gitDir: string,
  tree: string,
  parents: string[],
  message: string,
): Promise<string> {
  const args = ["commit-tree", tree, ...parents.flatMap((parent) => ["-p", parent])];
  return runGit(gitDir, args, { input: message });
}

/** The commit sha a ref, branch name or sha names, or undefined. Always read fresh from git. */
export async function resolveCommit(gitDir: string, name: string): Promise<string | undefined> {
  if (name === "" || name.startsWith("-")) return undefined;
  const result = await runGitRaw(
    ["--git-dir", gitDir, "rev-parse", "--verify", "--quiet", `${name}^{commit}`],
    { okCodes: [1, 128] },
  );
  const sha = result.stdout.toString("utf8").trim();
  return result.code === 0 && sha ? sha : undefined;
}

/** The sha `refs/heads/<branch>` points to, or undefined when the branch does not exist. */
export function branchSha(gitDir: string, branch: string): Promise<string | undefined> {
  return resolveRefExact(gitDir, `refs/heads/${branch}`);
}

/** Every branch and its sha, read in one go. */
export async function branchShas(gitDir: string): Promise<Map<string, string>> {
  const refs = await listRefs(gitDir, "refs/heads/");
  return new Map(refs.map((entry) => [entry.ref.slice("refs/heads/".length), entry.sha]));
}

/** The sha of a fully qualified ref (no DWIM: `refs/heads/x` only matches that ref). */
export async function resolveRefExact(gitDir: string, ref: string): Promise<string | undefined> {
  const refs = await listRefs(gitDir, ref);
  return refs.find((entry) => entry.ref === ref)?.sha;
}

export interface RefEntry {
  ref: string;
  sha: string;
  type: string;
}

/**
 * The refs as read at the start of the current request (or seeding call), and kept up to date
 * by the simulator's own ref writes. `forgetRefs` at the start of each request is what makes a
 * push by another process visible on the next one; within one request the listing is shared,
 * which saves a `for-each-ref` per PR object rendered.
 */
const refListings = new Map<string, Promise<RefEntry[]>>();

export function forgetRefs(gitDir: string): void {
  refListings.delete(gitDir);
}

/** Refs under `prefix` (a full ref or a ref prefix such as `refs/heads/`). */
export async function listRefs(gitDir: string, prefix = "refs/"): Promise<RefEntry[]> {
  let listing = refListings.get(gitDir);
  if (!listing) {
    listing = readAllRefs(gitDir);
    refListings.set(gitDir, listing);
    listing.catch(() => forgetRefs(gitDir));
  }
  return (await listing).filter((entry) => entry.ref === prefix || entry.ref.startsWith(prefix));
}

async function readAllRefs(gitDir: string): Promise<RefEntry[]> {
  const out = await runGit(gitDir, [
    "for-each-ref",
    "--format=%(refname)%00%(objectname)%00%(objecttype)",
  ]);
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [ref = "", sha = "", type = ""] = line.split("\0");
      return { ref, sha, type };
    });
}

/**
 * Moves a ref, only if it still points where the caller last saw it (`expected`: a sha, or
 * `null` for "must not exist"). Returns false when someone else moved it first.
 */
export async function updateRef(
  gitDir: string,
  ref: string,
  sha: string,
  expected: string | null,
): Promise<boolean> {
  const old = expected ?? ZERO_SHA;
  const result = await runGitRaw(["--git-dir", gitDir, "update-ref", ref, sha, old], {
    okCodes: [1, 128],
  });
  forgetRefs(gitDir);
  return result.code === 0;
}

export async function deleteRef(gitDir: string, ref: string): Promise<boolean> {
  const result = await runGitRaw(["--git-dir", gitDir, "update-ref", "-d", ref], {
    okCodes: [1, 128],
  });
  forgetRefs(gitDir);
  return result.code === 0;
}

export async function objectExists(gitDir: string, sha: string): Promise<boolean> {
  const result = await runGitRaw(["--git-dir", gitDir, "cat-file", "-e", sha], {
    okCodes: [1, 128],
  });
  return result.code === 0;
}

/** Whether `ancestor` is reachable from `descendant` (equal commits count). */
export function isAncestor(gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  return memoizeByObjects(gitDir, "is-ancestor", [ancestor, descendant], async () => {
    const result = await runGitRaw(
      ["--git-dir", gitDir, "merge-base", "--is-ancestor", ancestor, descendant],
      { okCodes: [1] },
    );
    return result.code === 0;
  });
}

export function mergeBase(gitDir: string, a: string, b: string): Promise<string | undefined> {
  return memoizeByObjects(gitDir, "merge-base", [a, b], async () => {
    const result = await runGitRaw(["--git-dir", gitDir, "merge-base", a, b], { okCodes: [1] });
    return result.code === 0 ? result.stdout.toString("utf8").trim() : undefined;
  });
}

/** Commits reachable from `head` but not from `base`, oldest first. */
export function commitsBetween(gitDir: string, base: string, head: string): Promise<string[]> {
  return memoizeByObjects(gitDir, "rev-list", [base, head], async () => {
    const out = await runGit(gitDir, ["rev-list", "--reverse", "--topo-order", `${base}..${head}`]);
    return out.split("\n").filter(Boolean);
  });
}
