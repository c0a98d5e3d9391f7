import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

export type GitIdentity = { name: string; email: string };

/** git without a shell and without prompts; a failure carries git's own message. */
export async function runGit(
  cwd: string,
  args: readonly string[],
  identity?: GitIdentity,
): Promise<string> {
  const env = {
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    ...(identity && {
      GIT_AUTHOR_NAME: identity.name,
      GIT_AUTHOR_EMAIL: identity.email,
      GIT_COMMITTER_NAME: identity.name,
      GIT_COMMITTER_EMAIL: identity.email,
    }),
  };
  try {
    const { stdout } = await exec("git", [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}
