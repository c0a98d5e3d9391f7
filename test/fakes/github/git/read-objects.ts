import { memoizeByObjects } from "./object-cache.ts";
import { runGit, runGitRaw } from "./run-git.ts";

export interface TreeEntry {
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  /** Blob size in bytes; undefined for trees and submodules. */
  size: number | undefined;
  path: string;
}

/** `git ls-tree` of a tree-ish, optionally restricted to a directory, optionally recursive. */
export function listTree(
  gitDir: string,
  treeish: string,
  options: { recursive?: boolean; directory?: string } = {},
): Promise<TreeEntry[]> {
  const operation = `ls-tree ${options.recursive ? "-r" : ""} ${options.directory ?? ""}`;
  return memoizeByObjects(gitDir, operation, [treeish], () => readTree(gitDir, treeish, options));
}

async function readTree(
  gitDir: string,
  treeish: string,
  options: { recursive?: boolean; directory?: string },
): Promise<TreeEntry[]> {
  const args = ["ls-tree", "-z", "-l"];
  if (options.recursive) args.push("-r", "-t");
  args.push(treeish);
  if (options.directory) args.push("--", `${options.directory.replace(/\/$/, "")}/`);
  const out = await runGit(gitDir, args);
  return out
    .split("\0")
    .filter(Boolean)
    .map((record) => {
      const tab = record.indexOf("\t");
      const [mode = "", type = "", sha = "", size = "-"] = record.slice(0, tab).split(/\s+/);
      return {
        mode,
        type: type as TreeEntry["type"],
        sha,
        size: size === "-" ? undefined : Number(size),
        path: record.slice(tab + 1),
      };
    });
}

export interface PathObject {
  type: "blob" | "tree" | "commit";
  sha: string;
  mode: string;
  size: number | undefined;
}

/** What `path` is at `commit`, or undefined when it does not exist. */
export function statPath(
  gitDir: string,
  commit: string,
  path: string,
): Promise<PathObject | undefined> {
  return memoizeByObjects(gitDir, `stat ${path}`, [commit], () => lookUpPath(gitDir, commit, path));
}

async function lookUpPath(
  gitDir: string,
  commit: string,
  path: string,
): Promise<PathObject | undefined> {
  const clean = path.replace(/^\/+|\/+$/g, "");
  if (clean === "") {
    const sha = await runGit(gitDir, ["rev-parse", `${commit}^{tree}`]);
    return { type: "tree", sha, mode: "040000", size: undefined };
  }
  const result = await runGitRaw(["--git-dir", gitDir, "ls-tree", "-z", "-l", commit, "--", clean]);
  const record = result.stdout.toString("utf8").split("\0")[0];
  if (!record) return undefined;
  const tab = record.indexOf("\t");
  if (record.slice(tab + 1) !== clean) return undefined;
  const [mode = "", type = "", sha = "", size = "-"] = record.slice(0, tab).split(/\s+/);
  return {
    type: type as PathObject["type"],
    sha,
    mode,
    size: size === "-" ? undefined : Number(size),
  };
}

export function readBlob(gitDir: string, sha: string): Promise<Buffer> {
  return memoizeByObjects(gitDir, "blob", [sha], async () => {
    const result = await runGitRaw(["--git-dir", gitDir, "cat-file", "blob", sha]);
    return result.stdout;
  });
}

/** The tree sha a commit, tree or ref names, or undefined. */
export async function resolveTree(gitDir: string, treeish: string): Promise<string | undefined> {
  if (treeish === "" || treeish.startsWith("-")) return undefined;
  const result = await runGitRaw(
    ["--git-dir", gitDir, "rev-parse", "--verify", "--quiet", `${treeish}^{tree}`],
    { okCodes: [1, 128] },
  );
  const sha = result.stdout.toString("utf8").trim();
  return result.code === 0 && sha ? sha : undefined;
}

export interface Signature {
  name: string;
  email: string;
  date: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

export function readCommit(gitDir: string, sha: string): Promise<CommitObject> {
  return memoizeByObjects(gitDir, "commit", [sha], () => parseCommitObject(gitDir, sha));
}

async function parseCommitObject(gitDir: string, sha: string): Promise<CommitObject> {
  const raw = (await runGitRaw(["--git-dir", gitDir, "cat-file", "commit", sha])).stdout.toString(
    "utf8",
  );
  const split = raw.indexOf("\n\n");
  const headers = raw.slice(0, split).split("\n");
  const message = raw.slice(split + 2);
  const commit: CommitObject = {
    sha,
    tree: "",
    parents: [],
    author: { name: "", email: "", date: "" },
    committer: { name: "", email: "", date: "" },
    message,
  };
  for (const line of headers) {
    const space = line.indexOf(" ");
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "tree") commit.tree = value;
    else if (key === "parent") commit.parents.push(value);
    else if (key === "author") commit.author = parseSignature(value);
    else if (key === "committer") commit.committer = parseSignature(value);
  }
  return commit;
}

function parseSignature(value: string): Signature {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(value);
  if (!match) return { name: value, email: "", date: new Date(0).toISOString() };
  const seconds = Number(match[3]);
  return {
    name: match[1] ?? "",
    email: match[2] ?? "",
    date: new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

export interface FileDiff {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions: number;
  deletions: number;
  sha: string | null;
  patch: string | undefined;
}

/** Per-file changes from `from` to `to` (renames are shown as a removal and an addition). */
export function diffFiles(gitDir: string, from: string, to: string): Promise<FileDiff[]> {
  return memoizeByObjects(gitDir, "diff", [from, to], () => computeDiff(gitDir, from, to));
}

async function computeDiff(gitDir: string, from: string, to: string): Promise<FileDiff[]> {
  const numstat = await runGit(gitDir, [
    "diff-tree",
    "-r",
    "-z",
    "--no-renames",
    "--numstat",
    from,
    to,
  ]);
  const nameStatus = await runGit(gitDir, [
    "diff-tree",
    "-r",
    "-z",
    "--no-renames",
    "--raw",
    from,
    to,
  ]);
  const statuses = new Map<string, { status: string; sha: string }>();
  const rawParts = nameStatus.split("\0").filter((part) => part !== "");
  for (let i = 0; i + 1 < rawParts.length; i += 2) {
    // ":100644 100644 <old> <new> M" then the path
    const fields = (rawParts[i] ?? "").split(" ");
    statuses.set(rawParts[i + 1] ?? "", { status: fields[4] ?? "M", sha: fields[3] ?? "" });
  }
  const files: FileDiff[] = [];
  for (const record of numstat.split("\0").filter(Boolean)) {
    const [added = "0", removed = "0", filename = ""] = record.split("\t");
    const raw = statuses.get(filename);
    const status = raw?.status === "A" ? "added" : raw?.status === "D" ? "removed" : "modified";
    const patch = await runGit(gitDir, [
      "diff",
      "--no-color",
      "--no-renames",
      from,
      to,
      "--",
      filename,
    ]);
    files.push({
      filename,
      status,
      additions: added === "-" ? 0 : Number(added),
      deletions: removed === "-" ? 0 : Number(removed),
      sha: status === "removed" ? null : (raw?.sha ?? null),
      patch: stripDiffHeader(patch),
    });
  }
  return files;
}

/** GitHub's `patch` field starts at the first hunk, without the `diff --git` header lines. */
function stripDiffHeader(diff: string): string | undefined {
  const hunk = diff.indexOf("\n@@");
  if (hunk === -1) return diff.startsWith("@@") ? diff : undefined;
  return diff.slice(hunk + 1);
}
