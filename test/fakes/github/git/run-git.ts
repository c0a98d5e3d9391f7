import { execFile } from "node:child_process";

/**
 * Fixed identity and dates so the simulator's own commits (initial commit, merges, squashes) get
 * the same sha in every run, and no user or system git config leaks into a test.
 */
export const GIT_IDENTITY_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: "GitHub",
  GIT_AUTHOR_EMAIL: "noreply@github.com",
  GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
  GIT_COMMITTER_NAME: "GitHub",
  GIT_COMMITTER_EMAIL: "noreply@github.com",
  GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
};

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface GitOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Exit codes that are answers rather than failures (e.g. 1 from `merge-tree` on conflict). */
  okCodes?: number[];
  cwd?: string;
}

/** Runs git without a shell; throws on an exit code the caller did not expect. */
export function runGitRaw(args: string[], options: GitOptions = {}): Promise<GitResult> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...GIT_IDENTITY_ENV, ...options.env };
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      args,
      { env, encoding: "buffer", maxBuffer: 64 * 1024 * 1024, cwd: options.cwd },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        const result = { code, stdout, stderr: stderr.toString("utf8") };
        if (code === 0 || options.okCodes?.includes(code)) resolve(result);
        else reject(new Error(`git ${args.join(" ")} failed (${code}): ${result.stderr.trim()}`));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Runs git against a bare repository and returns stdout as text, trailing newline removed. */
export async function runGit(
  gitDir: string,
  args: string[],
  options: GitOptions = {},
): Promise<string> {
  const result = await runGitRaw(["--git-dir", gitDir, ...args], options);
  return result.stdout.toString("utf8").replace(/\n$/, "");
}
