import { execFile } from "node:child_process";
import { promisify } from "node:util";

const exec = promisify(execFile);

/**
 * Configured commands run model-written code (tests) in the checkout, and that code can write
 * `.git/hooks` or `.git/config`. Hooks and an fsmonitor would then run inside fanout's own git
 * calls, with the runner's full environment (the tokens the commands never see), so both are off.
 */
const SAFE_CONFIG = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"];

export type GitIdentity = { name: string; email: string };

/** git without a shell and without prompts; a failure carries git's own message. */
export async function runGit(
  cwd: string,
  args: readonly string[],
  identity?: GitIdentity,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<string> {
  const env = {
    ...process.env,
    ...extraEnv,
    GIT_TERMINAL_PROMPT: "0",
    ...(identity && {
      GIT_AUTHOR_NAME: identity.name,
      GIT_AUTHOR_EMAIL: identity.email,
      GIT_COMMITTER_NAME: identity.name,
      GIT_COMMITTER_EMAIL: identity.email,
    }),
  };
  try {
    const { stdout } = await exec("git", [...SAFE_CONFIG, ...args], {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/**
 * Authenticates fetch and push with the App token through the environment (never argv, never
 * `.git/config`), so the checkout can run with `persist-credentials: false` and code the model
 * wrote cannot read the token from the repository.
 */
export function remoteAuthEnv(token: string | undefined): NodeJS.ProcessEnv {
  if (!token) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.extraheader",
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
