import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runGitRaw } from "../fakes/github/git/run-git.ts";

/** A real working clone of the simulator's bare repository, as an executor would have. */
export interface Clone {
  dir: string;
  git(...args: string[]): Promise<string>;
  /** Writes files, commits them on the current branch and returns the new sha. */
  commit(files: Record<string, string>, message: string): Promise<string>;
  remove(): Promise<void>;
}

export async function cloneRepo(gitDir: string): Promise<Clone> {
  const parent = await mkdtemp(join(tmpdir(), "github-sim-clone-"));
  const dir = join(parent, "work");
  await runGitRaw(["clone", "--quiet", gitDir, dir]);
  const git = async (...args: string[]) =>
    (await runGitRaw(args, { cwd: dir })).stdout.toString("utf8").trim();
  return {
    dir,
    git,
    async commit(files, message) {
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
      await git("add", "--all");
      await git("commit", "--quiet", "-m", message);
      return git("rev-parse", "HEAD");
    },
    remove: () => rm(parent, { recursive: true, force: true }),
  };
}
