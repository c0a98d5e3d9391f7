import { lstat, realpath } from "node:fs/promises";
import { dirname, isAbsolute, posix, relative, resolve, sep } from "node:path";

export class SandboxError extends Error {
  override name = "SandboxError";
}

export type Workspace = { root: string; protectedGlobs: readonly string[] };

export type ResolvedPath = { absolute: string; relative: string };

/**
 * Resolves a path the model gave to a real location inside the checkout. Symlinks are followed
 * (for the path itself and for the nearest existing parent of a new file), so a link pointing out
 * of the checkout cannot be used to read or write outside it.
 */
export async function resolveWorkspacePath(
  workspace: Workspace,
  requested: string,
): Promise<ResolvedPath> {
  if (typeof requested !== "string" || requested.trim() === "")
    throw new SandboxError("a path is required");
  if (isAbsolute(requested) || /^[a-zA-Z]:/.test(requested)) {
    throw new SandboxError(
      `\`${requested}\` is absolute; use a path relative to the repository root`,
    );
  }
  const root = await realpath(workspace.root);
  const lexical = resolve(root, requested);
  assertInside(root, lexical, requested);
  const real = await realpathOfNearestExisting(lexical);
  assertInside(root, real, requested);
  const path = relative(root, real).split(sep).join("/") || ".";
  // actions/checkout keeps the push credential in .git/config; the model never needs git's files.
  if (path.split("/").includes(".git")) {
    throw new SandboxError(
      `\`${requested}\` is inside .git/, which the executor never reads or writes`,
    );
  }
  return { absolute: real, relative: path };
}

/** Like resolveWorkspacePath, and refuses `.git/` and the configured protected paths. */
export async function resolveWritablePath(
  workspace: Workspace,
  requested: string,
): Promise<ResolvedPath> {
  const resolved = await resolveWorkspacePath(workspace, requested);
  const path = resolved.relative;
  if (path === ".") throw new SandboxError(`\`${requested}\` is the repository root; name a file`);
  const blocked = workspace.protectedGlobs.find((glob) => matchesProtectedGlob(path, glob));
  if (blocked)
    throw new SandboxError(
      `\`${path}\` is protected (matches \`${blocked}\` in executor.protected_paths)`,
    );
  return resolved;
}

/**
 * `*` and `**` skip names starting with `.` in `path.matchesGlob`, so `.github/workflows/**` would
 * not cover `.github/workflows/.ci.yml`, a workflow file all the same. A protection list must err
 * the other way: leading dots are swapped for a character no glob treats specially before matching.
 */
function matchesProtectedGlob(path: string, glob: string): boolean {
  const undot = (text: string) => text.replace(/(^|\/)\./g, "$1\u0001");
  return posix.matchesGlob(undot(path), undot(glob));
}

function assertInside(root: string, candidate: string, requested: string): void {
  const fromRoot = relative(root, candidate);
  if (fromRoot === "" || (!fromRoot.startsWith("..") && !isAbsolute(fromRoot))) return;
  throw new SandboxError(`\`${requested}\` is outside the repository`);
}

async function realpathOfNearestExisting(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    const exists = await lstat(current).then(
      (stats) => stats,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      },
    );
    if (exists) {
      // A dangling symlink would be followed by a write, to wherever it points.
      const real = await realpath(current).catch(() => {
        throw new SandboxError(
          `\`${relative(dirname(path), current) || current}\` is a link to a missing target`,
        );
      });
      return resolve(real, ...missing.reverse());
    }
    const parent = dirname(current);
    if (parent === current) return path;
    missing.push(current.slice(parent.length + 1));
    current = parent;
  }
}
