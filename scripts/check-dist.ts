import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { bundleActions } from "./build.ts";

/** Fails when the committed `dist/` is not what the sources build to (the Action runs `dist/`). */
async function checkDist(): Promise<number> {
  const fresh = await mkdtemp(join(tmpdir(), "fanout-dist-"));
  try {
    await bundleActions(fresh);
    const stale = await compareTrees(fresh, "dist");
    if (stale.length === 0) {
      console.log("dist/ is up to date.");
      return 0;
    }
    console.error(`dist/ is stale: ${stale.join(", ")}.\nRun \`npm run build\` and commit dist/.`);
    return 1;
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

async function compareTrees(expectedRoot: string, actualRoot: string): Promise<string[]> {
  const expected = await listFiles(expectedRoot);
  const actual = await listFiles(actualRoot);
  const differing: string[] = [];
  for (const file of new Set([...expected, ...actual])) {
    const [want, have] = await Promise.all([
      readFile(join(expectedRoot, file), "utf8").catch(() => undefined),
      readFile(join(actualRoot, file), "utf8").catch(() => undefined),
    ]);
    if (want !== have) differing.push(join("dist", file));
  }
  return differing.sort();
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}

process.exitCode = await checkDist();
