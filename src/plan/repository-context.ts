import { posix } from "node:path";
import type { GitHub, Repo } from "../github/client.ts";
import { sanitizeUntrustedText } from "../sanitize/sanitize-untrusted-text.ts";

export type ContextFile = { path: string; content: string; truncated: boolean };

export type RepositoryContext = {
  tree: string;
  treeTruncated: boolean;
  readme?: ContextFile | undefined;
  files: ContextFile[];
};

type Options = { ref: string; contextGlobs: readonly string[]; maxBytes: number };

const TREE_SHARE = 0.4;
const README_SHARE = 0.25;

/**
 * What the planner sees of the repository, within `maxBytes`: the file tree (directories
 * summarized when it is too long), the README and the configured context files. Repository files
 * are untrusted like the issue, so they are sanitized too.
 */
export async function readRepositoryContext(
  github: GitHub,
  repo: Repo,
  options: Options,
): Promise<RepositoryContext> {
  const paths = await listFiles(github, repo, options.ref);
  const tree = summarizeTree(paths, Math.floor(options.maxBytes * TREE_SHARE));
  let remaining = options.maxBytes - tree.text.length;

  const readmePath = paths.find((path) => /^readme(\.md|\.markdown|\.txt)?$/i.test(path));
  const readme = readmePath
    ? await readFile(
        github,
        repo,
        options.ref,
        readmePath,
        Math.floor(options.maxBytes * README_SHARE),
      )
    : undefined;
  remaining -= readme?.content.length ?? 0;

  const files: ContextFile[] = [];
  for (const path of paths.filter((p) => p !== readmePath && matchesAny(p, options.contextGlobs))) {
    if (remaining <= 0) break;
    const file = await readFile(github, repo, options.ref, path, remaining);
    remaining -= file.content.length;
    files.push(file);
  }
  return { tree: tree.text, treeTruncated: tree.truncated, readme, files };
}

async function listFiles(github: GitHub, repo: Repo, ref: string): Promise<string[]> {
  const { data } = await github.rest.git.getTree({ ...repo, tree_sha: ref, recursive: "1" });
  return data.tree
    .filter((entry) => entry.type === "blob" && entry.path)
    .map((entry) => entry.path as string);
}

async function readFile(
  github: GitHub,
  repo: Repo,
  ref: string,
  path: string,
  maxBytes: number,
): Promise<ContextFile> {
  const { data } = await github.rest.repos.getContent({
    ...repo,
    path,
    ref,
    mediaType: { format: "raw" },
  });
  const content = sanitizeUntrustedText(String(data));
  const truncated = content.length > maxBytes;
  return {
    path,
    content: truncated ? `${content.slice(0, maxBytes)}\n[… truncated]` : content,
    truncated,
  };
}

function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => posix.matchesGlob(path, glob));
}

/**
 * Lists every file when that fits; otherwise folds the deepest directories into one line with
 * their file count until it does, so a large repository still shows its whole shape.
 */
export function summarizeTree(
  paths: readonly string[],
  maxBytes: number,
): { text: string; truncated: boolean } {
  const full = paths.join("\n");
  if (full.length <= maxBytes) return { text: full, truncated: false };
  const deepest = Math.max(...paths.map((path) => path.split("/").length - 1));
  for (let depth = deepest; depth >= 1; depth--) {
    const text = foldAtDepth(paths, depth).join("\n");
    if (text.length <= maxBytes) return { text, truncated: true };
  }
  const lines = foldAtDepth(paths, 1);
  const kept: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > maxBytes - 40) break;
    kept.push(line);
    size += line.length + 1;
  }
  kept.push(`[… ${lines.length - kept.length} more entries]`);
  return { text: kept.join("\n"), truncated: true };
}

function foldAtDepth(paths: readonly string[], depth: number): string[] {
  const counts = new Map<string, number>();
  const lines: string[] = [];
  for (const path of paths) {
    const parts = path.split("/");
    if (parts.length - 1 < depth) {
      lines.push(path);
      continue;
    }
    const directory = `${parts.slice(0, depth).join("/")}/`;
    if (!counts.has(directory)) lines.push(directory);
    counts.set(directory, (counts.get(directory) ?? 0) + 1);
  }
  return lines.map((line) => {
    const count = counts.get(line);
    return count === undefined ? line : `${line} (${count} ${count === 1 ? "file" : "files"})`;
  });
}
