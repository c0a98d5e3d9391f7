import type { CommitObject, FileDiff, TreeEntry } from "../git/read-objects.ts";
import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import { repoApiUrl, repoHtmlUrl } from "./urls.ts";
import { toSimpleUser } from "./user.ts";

export function toRestRef(ctx: SimContext, ref: string, sha: string): Record<string, unknown> {
  return {
    ref,
    node_id: nodeId("REF", ref),
    url: `${repoApiUrl(ctx)}/git/${ref}`,
    object: { type: "commit", sha, url: `${repoApiUrl(ctx)}/git/commits/${sha}` },
  };
}

/** `diff-entry` of a changed file. */
export function toRestDiffEntry(
  ctx: SimContext,
  file: FileDiff,
  sha: string,
): Record<string, unknown> {
  const path = file.filename.split("/").map(encodeURIComponent).join("/");
  const entry: Record<string, unknown> = {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${repoHtmlUrl(ctx)}/blob/${sha}/${path}`,
    raw_url: `${repoHtmlUrl(ctx)}/raw/${sha}/${path}`,
    contents_url: `${repoApiUrl(ctx)}/contents/${path}?ref=${sha}`,
  };
  if (file.patch !== undefined) entry.patch = file.patch;
  return entry;
}

/**
 * `commit` as `GET /repos/{owner}/{repo}/commits/{ref}` returns it. The GitHub account of the
 * author is unknown to a plain git repository, so `author`/`committer` are the empty object GitHub
 * also answers for unknown emails.
 */
export function toRestCommit(
  ctx: SimContext,
  commit: CommitObject,
  files: FileDiff[],
): Record<string, unknown> {
  const api = `${repoApiUrl(ctx)}/commits/${commit.sha}`;
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  const isGitHub = commit.author.email === "noreply@github.com";
  return {
    url: api,
    sha: commit.sha,
    node_id: nodeId("C", commit.sha),
    html_url: `${repoHtmlUrl(ctx)}/commit/${commit.sha}`,
    comments_url: `${api}/comments`,
    commit: {
      url: `${repoApiUrl(ctx)}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message.replace(/\n$/, ""),
      comment_count: 0,
      tree: { sha: commit.tree, url: `${repoApiUrl(ctx)}/git/trees/${commit.tree}` },
      verification: {
        verified: false,
        reason: "unsigned",
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: isGitHub ? toSimpleUser(ctx, "web-flow") : {},
    committer: isGitHub ? toSimpleUser(ctx, "web-flow") : {},
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${repoApiUrl(ctx)}/commits/${sha}`,
      html_url: `${repoHtmlUrl(ctx)}/commit/${sha}`,
    })),
    stats: { additions, deletions, total: additions + deletions },
    files: files.map((file) => toRestDiffEntry(ctx, file, commit.sha)),
  };
}

export function toRestTreeEntry(ctx: SimContext, entry: TreeEntry): Record<string, unknown> {
  const kind = entry.type === "tree" ? "trees" : "blobs";
  const rest: Record<string, unknown> = {
    path: entry.path,
    mode: entry.mode,
    type: entry.type,
    sha: entry.sha,
  };
  if (entry.size !== undefined) rest.size = entry.size;
  if (entry.type !== "commit") rest.url = `${repoApiUrl(ctx)}/git/${kind}/${entry.sha}`;
  return rest;
}

/** One entry of the contents API (a file or a directory listing item). */
export function toContentEntry(
  ctx: SimContext,
  entry: { path: string; sha: string; type: "file" | "dir" | "submodule"; size: number },
  ref: string,
): Record<string, unknown> {
  const path = entry.path.split("/").map(encodeURIComponent).join("/");
  const self = `${repoApiUrl(ctx)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${repoApiUrl(ctx)}/git/${entry.type === "dir" ? "trees" : "blobs"}/${entry.sha}`;
  const html = `${repoHtmlUrl(ctx)}/${entry.type === "dir" ? "tree" : "blob"}/${ref}/${path}`;
  return {
    type: entry.type,
    size: entry.size,
    name: entry.path.split("/").pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url:
      entry.type === "file"
        ? `https://raw.githubusercontent.com/${ctx.repo.owner}/${ctx.repo.name}/${ref}/${path}`
        : null,
    _links: { self, git, html },
  };
}

/** Base64 wrapped at 60 characters per line, as the contents API sends it. */
export function toContentBase64(content: Buffer): string {
  const encoded = content.toString("base64");
  return `${encoded.match(/.{1,60}/g)?.join("\n") ?? ""}\n`;
}
