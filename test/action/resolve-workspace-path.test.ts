import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  resolveWorkspacePath,
  resolveWritablePath,
  type Workspace,
} from "../../src/action/sandbox/resolve-workspace-path.ts";

let workspace: Workspace;
let outside: string;

beforeEach(async () => {
  const base = await mkdtemp(join(tmpdir(), "fanout-sandbox-"));
  const root = join(base, "repo");
  outside = join(base, "outside");
  await mkdir(join(root, "src"), { recursive: true });
  await mkdir(join(root, ".git"), { recursive: true });
  await mkdir(join(root, ".github/workflows"), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, "src/app.ts"), "export {};\n");
  await writeFile(join(outside, "secret.txt"), "secret\n");
  await symlink(outside, join(root, "escape"));
  await symlink(join(outside, "secret.txt"), join(root, "src/secret-link"));
  await symlink(join(outside, "not-yet"), join(root, "dangling"));
  await symlink("app.ts", join(root, "src/alias.ts"));
  workspace = { root, protectedGlobs: [".github/workflows/**"] };
});

describe("resolveWorkspacePath", () => {
  it("resolves paths inside the checkout, existing or new", async () => {
    expect((await resolveWorkspacePath(workspace, "src/app.ts")).relative).toBe("src/app.ts");
    expect((await resolveWorkspacePath(workspace, "./src/new/dir/file.ts")).relative).toBe(
      "src/new/dir/file.ts",
    );
    expect((await resolveWorkspacePath(workspace, "src/alias.ts")).relative).toBe("src/app.ts");
  });

  it.each([
    ["../outside/secret.txt", "is outside the repository"],
    ["src/../../outside/secret.txt", "is outside the repository"],
    ["/etc/passwd", "is absolute"],
    ["escape/secret.txt", "is outside the repository"],
    ["escape/new-file.txt", "is outside the repository"],
    ["src/secret-link", "is outside the repository"],
    ["dangling", "is a link to a missing target"],
    ["", "a path is required"],
  ])("refuses %j", async (path, message) => {
    await expect(resolveWorkspacePath(workspace, path)).rejects.toThrow(message);
  });
});

describe("resolveWritablePath", () => {
  it.each([
    [".git/config", "inside .git/"],
    [".git/hooks/pre-commit", "inside .git/"],
    [".", "is the repository root"],
    [".github/workflows/ci.yml", "is protected (matches `.github/workflows/**`"],
  ])("refuses to write %j", async (path, message) => {
    await expect(resolveWritablePath(workspace, path)).rejects.toThrow(message);
  });

  it("allows ordinary files, including in .github outside workflows", async () => {
    expect((await resolveWritablePath(workspace, ".github/CODEOWNERS")).relative).toBe(
      ".github/CODEOWNERS",
    );
    expect((await resolveWritablePath(workspace, "src/app.ts")).relative).toBe("src/app.ts");
  });
});
