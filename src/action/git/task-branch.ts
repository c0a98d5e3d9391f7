import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { remoteAuthEnv, runGit } from "./run-git.ts";

/**
 * Checks out the task branch: continued from the remote when an earlier attempt pushed it (a
 * retry or an escalation builds on that work), otherwise created from the base branch.
 */
export async function checkoutTaskBranch(
  cwd: string,
  branch: string,
  base: string,
  token?: string,
): Promise<"continued" | "created"> {
  const existing = await fetchBranch(cwd, branch, token);
  if (existing) {
    await runGit(cwd, ["checkout", "-B", branch, `refs/remotes/origin/${branch}`]);
    return "continued";
  }
  if (!(await fetchBranch(cwd, base, token)))
    throw new Error(`the base branch \`${base}\` does not exist on the remote`);
  await runGit(cwd, ["checkout", "-B", branch, `refs/remotes/origin/${base}`]);
  return "created";
}

async function fetchBranch(
  cwd: string,
  branch: string,
  token: string | undefined,
): Promise<boolean> {
  try {
    await runGit(
      cwd,
      ["fetch", "--no-tags", "origin", `+refs/heads/${branch}:refs/remotes/origin/${branch}`],
      undefined,
      remoteAuthEnv(token),
    );
    return true;
  } catch {
    return false;
  }
}

/** Commits exactly the files the executor wrote (never build output a command left behind). */
export async function commitFiles(
  cwd: string,
  files: readonly string[],
  message: string,
  identity: { name: string; email: string },
): Promise<string | undefined> {
  if (files.length === 0) return undefined;
  await runGit(cwd, ["add", "--", ...files]);
  const staged = await runGit(cwd, ["diff", "--cached", "--name-only"]);
  if (staged === "") return undefined;
  await runGit(cwd, ["commit", "--no-verify", "-m", message], identity);
  return runGit(cwd, ["rev-parse", "HEAD"]);
}

export async function pushBranch(cwd: string, branch: string, token?: string): Promise<void> {
  await runGit(
    cwd,
    ["push", "origin", `HEAD:refs/heads/${branch}`],
    undefined,
    remoteAuthEnv(token),
  );
}

/**
 * The checkout's git config, read before the model works and checked before pushing: code the
 * model wrote runs as the test command and could point `origin` (or a URL rewrite) elsewhere,
 * which would send the branch, and the token with it, to someone else.
 */
export async function readGitConfig(cwd: string): Promise<string> {
  return readFile(join(cwd, ".git", "config"), "utf8");
}

/** Files that differ between the base and the task branch, for the pull request body. */
export async function changedFilesSince(cwd: string, base: string): Promise<string[]> {
  const output = await runGit(cwd, ["diff", "--name-only", `refs/remotes/origin/${base}...HEAD`]);
  return output ? output.split("\n") : [];
}
