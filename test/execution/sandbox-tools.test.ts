import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ToolError } from "@anthropic-ai/sdk/lib/tools/ToolError";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commitFiles, pushBranch } from "../../src/action/git/task-branch.ts";
import { secretValues } from "../../src/action/runner-environment.ts";
import { createControlTools } from "../../src/action/tools/control-tools.ts";
import { type ExecutorSession, MAX_TOOL_OUTPUT } from "../../src/action/tools/executor-session.ts";
import { createFileTools } from "../../src/action/tools/file-tools.ts";
import { runGitRaw } from "../fakes/github/git/run-git.ts";

// Made up per run, shaped like the real thing, so a leak is recognisable and no fixture holds one.
const githubToken = `ghs_${randomBytes(18).toString("hex")}`;
const anthropicKey = `sk-ant-test-${randomBytes(18).toString("hex")}`;

let base: string;
let root: string;
let outside: string;
let session: ExecutorSession;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "fanout-tools-"));
  root = join(base, "checkout");
  outside = join(base, "outside");
  await mkdir(join(root, "src"), { recursive: true });
  await mkdir(join(root, ".github/workflows"), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, "README.md"), "# widgets\n\nA small CLI that prints widgets.\n");
  await writeFile(join(root, "src/cli.mjs"), "export const a = 1;\nexport const b = 1;\n");
  await writeFile(join(root, ".github/workflows/ci.yml"), "on: push\n");
  await writeFile(join(outside, "secret.txt"), "outside the checkout\n");
  await runGitRaw(["init", "--quiet", "--initial-branch", "main"], { cwd: root });
  await runGitRaw(["add", "--all"], { cwd: root });
  await runGitRaw(["commit", "--quiet", "-m", "Initial"], { cwd: root });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: base,
    GITHUB_TOKEN: githubToken,
    ANTHROPIC_API_KEY: anthropicKey,
    "INPUT_GITHUB-TOKEN": githubToken,
    "INPUT_ANTHROPIC-API-KEY": anthropicKey,
    INPUT_MODEL: "claude-haiku-5-5",
    GITHUB_REPOSITORY: "octo-org/widgets",
  };
  session = {
    workspace: { root, protectedGlobs: [".github/workflows/**"] },
    commands: { test: "node --test" },
    secrets: secretValues(env, [githubToken, anthropicKey]),
    env,
    commandTimeoutMs: 60_000,
    changedFiles: new Set(),
    commandRuns: [],
  };
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Parses and runs a tool as the SDK's tool runner does; returns what the model would read. */
async function callTool(name: string, input: Record<string, unknown>): Promise<string> {
  const tool = [...createFileTools(session), ...createControlTools(session)].find(
    (candidate) => candidate.name === name,
  );
  if (!tool) throw new Error(`no tool named ${name}`);
  const result = await tool.run(tool.parse(input) as never);
  return typeof result === "string" ? result : JSON.stringify(result);
}

/** A refusal: a ToolError, which the tool runner sends back with `is_error: true`. */
async function refusal(name: string, input: Record<string, unknown>): Promise<string> {
  const error = await callTool(name, input).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `${name} ${JSON.stringify(input)} should be refused`).toBeInstanceOf(ToolError);
  return String((error as ToolError).content);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe("file tools keep the model inside the checkout", () => {
  it.each([
    ["read_file", { path: "../outside/secret.txt" }],
    ["read_file", { path: "src/../../outside/secret.txt" }],
    ["list_files", { path: ".." }],
    ["search", { pattern: "outside", path: "../outside" }],
  ])("refuses %s of %j", async (name, input) => {
    expect(await refusal(name, input)).toMatch(/^Refused: .* is outside the repository$/);
  });

  it("refuses to write or edit through `../`, and nothing is written outside", async () => {
    expect(await refusal("write_file", { path: "../outside/planted.txt", content: "x" })).toContain(
      "is outside the repository",
    );
    expect(
      await refusal("edit_file", {
        path: "../outside/secret.txt",
        old_text: "outside",
        new_text: "changed",
      }),
    ).toContain("is outside the repository");
    expect(await exists(join(outside, "planted.txt"))).toBe(false);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("outside the checkout\n");
    expect(session.changedFiles.size).toBe(0);
  });

  it("refuses absolute paths, even ones that point into the checkout", async () => {
    expect(await refusal("read_file", { path: "/etc/passwd" })).toContain(
      "`/etc/passwd` is absolute; use a path relative to the repository root",
    );
    expect(await refusal("read_file", { path: join(root, "README.md") })).toContain("is absolute");
    expect(
      await refusal("write_file", { path: join(outside, "planted.txt"), content: "x" }),
    ).toContain("is absolute");
    expect(await exists(join(outside, "planted.txt"))).toBe(false);
  });

  it("refuses to read or write through a symlink that points out of the checkout", async () => {
    await symlink(outside, join(root, "escape"));
    await symlink(join(outside, "secret.txt"), join(root, "src/notes.txt"));
    await symlink(join(outside, "later.txt"), join(root, "src/dangling.txt"));

    for (const path of ["escape/secret.txt", "src/notes.txt"]) {
      expect(await refusal("read_file", { path })).toContain("is outside the repository");
    }
    expect(await refusal("search", { pattern: "outside", path: "escape" })).toContain(
      "is outside the repository",
    );
    expect(await refusal("write_file", { path: "escape/planted.txt", content: "x" })).toContain(
      "is outside the repository",
    );
    expect(
      await refusal("write_file", { path: "src/notes.txt", content: "overwritten" }),
    ).toContain("is outside the repository");
    expect(
      await refusal("edit_file", { path: "src/notes.txt", old_text: "outside", new_text: "x" }),
    ).toContain("is outside the repository");
    expect(
      await refusal("write_file", { path: "src/dangling.txt", content: "created via link" }),
    ).toContain("is a link to a missing target");

    expect(await exists(join(outside, "planted.txt"))).toBe(false);
    expect(await exists(join(outside, "later.txt"))).toBe(false);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("outside the checkout\n");
    // A listing or search of the whole checkout does not follow links either.
    expect(await callTool("list_files", {})).not.toContain("secret.txt");
    expect(await callTool("search", { pattern: "outside the checkout" })).toBe("No matches");
  });

  it("never writes inside .git/, directly or through a link, and does not read it", async () => {
    await symlink(".git", join(root, "git-dir"));
    for (const path of [".git/config", ".git/hooks/pre-push", "git-dir/hooks/pre-push"]) {
      expect(await refusal("write_file", { path, content: "#!/bin/sh\nenv\n" })).toContain(
        "is inside .git/, which the executor never reads or writes",
      );
    }
    expect(
      await refusal("edit_file", { path: ".git/HEAD", old_text: "main", new_text: "other" }),
    ).toContain("inside .git/");
    expect(await exists(join(root, ".git/hooks/pre-push"))).toBe(false);
    // actions/checkout keeps the push credential in .git/config; the model has no reason to see it.
    expect(await refusal("read_file", { path: ".git/config" })).toContain("inside .git/");
    expect(await refusal("search", { pattern: "extraheader", path: ".git" })).toContain(
      "inside .git/",
    );
    expect(await refusal("list_files", { path: "git-dir" })).toContain("inside .git/");
  });

  it.each([
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    "./.github/workflows/nested/deploy.yaml",
    "src/../.github/workflows/ci.yml",
    ".github/workflows/.hidden.yml",
  ])("refuses to write the protected workflow %j", async (path) => {
    expect(await refusal("write_file", { path, content: "on: push\njobs: {}\n" })).toMatch(
      /is protected \(matches `\.github\/workflows\/\*\*` in executor\.protected_paths\)/,
    );
    expect(await readFile(join(root, ".github/workflows/ci.yml"), "utf8")).toBe("on: push\n");
    expect(session.changedFiles.size).toBe(0);
  });

  it("refuses to edit a workflow, also through a link to the folder", async () => {
    await symlink(".github/workflows", join(root, "workflows"));
    expect(
      await refusal("edit_file", { path: "workflows/ci.yml", old_text: "push", new_text: "x" }),
    ).toContain("is protected");
    expect(
      await refusal("write_file", { path: "workflows/new.yml", content: "on: push\n" }),
    ).toContain("is protected");
    expect(await readFile(join(root, ".github/workflows/ci.yml"), "utf8")).toBe("on: push\n");
  });

  it("writes and edits ordinary files and records them for the commit", async () => {
    expect(
      await callTool("write_file", { path: "src/count.mjs", content: "export const n = 1;\n" }),
    ).toBe("Wrote src/count.mjs (2 lines)");
    expect(
      await callTool("edit_file", {
        path: "README.md",
        old_text: "prints widgets.",
        new_text: "counts widgets.",
      }),
    ).toBe("Edited README.md");
    expect(await readFile(join(root, "README.md"), "utf8")).toContain("counts widgets.");
    expect([...session.changedFiles].sort()).toEqual(["README.md", "src/count.mjs"]);
  });
});

describe("edit_file needs one exact match", () => {
  it("reports text that is not there and leaves the file alone", async () => {
    expect(
      await refusal("edit_file", {
        path: "src/cli.mjs",
        old_text: "export const c",
        new_text: "x",
      }),
    ).toBe("old_text was not found; read the file and copy the text exactly");
    expect(await readFile(join(root, "src/cli.mjs"), "utf8")).toBe(
      "export const a = 1;\nexport const b = 1;\n",
    );
  });

  it("reports text found twice and leaves the file alone", async () => {
    expect(
      await refusal("edit_file", { path: "src/cli.mjs", old_text: " = 1;", new_text: " = 2;" }),
    ).toBe("old_text occurs 2 times; include more context so it is unique");
    expect(await readFile(join(root, "src/cli.mjs"), "utf8")).toBe(
      "export const a = 1;\nexport const b = 1;\n",
    );
    expect(session.changedFiles.size).toBe(0);
  });

  it("reports a file that does not exist", async () => {
    expect(
      await refusal("edit_file", { path: "src/missing.mjs", old_text: "a", new_text: "b" }),
    ).toBe("No such file or directory");
  });
});

describe("run_command runs only configured commands, without the runner's secrets", () => {
  it("refuses a command name the repository did not configure", async () => {
    expect(await refusal("run_command", { name: "lint" })).toBe(
      "No `lint` command is configured. Available: test.",
    );
    expect(session.commandRuns).toEqual([]);
  });

  it("does not accept a command line in place of a name", async () => {
    // The SDK validates input with the tool's schema first; a ZodError also comes back as is_error.
    await expect(callTool("run_command", { name: "cat .git/config" })).rejects.toThrow();
    expect(session.commandRuns).toEqual([]);
  });

  it("masks a secret value a command prints", async () => {
    session.commands.test = `echo "token=${githubToken} key=${anthropicKey}"; exit 3`;
    const result = await callTool("run_command", { name: "test" });
    expect(result).toBe("test: exit code 3\ntoken=*** key=***\n");
    expect(session.commandRuns).toEqual([{ name: "test", exitCode: 3 }]);
  });

  it("masks a secret value in a file the model reads or searches", async () => {
    await writeFile(join(root, "config.local"), `token: ${githubToken}\n`);
    expect(await callTool("read_file", { path: "config.local" })).toBe("1\ttoken: ***\n2\t");
    expect(await callTool("search", { pattern: "token:" })).toBe("config.local:1: token: ***");
  });

  it("hides GITHUB_TOKEN, ANTHROPIC_API_KEY and INPUT_* from a command that prints `env`", async () => {
    session.commands.test = "env";
    const result = await callTool("run_command", { name: "test" });
    expect(result).toMatch(/^test: exit code 0\n/);
    expect(result).toContain("FANOUT_EXECUTOR=1");
    expect(result).toContain("CI=true");
    expect(result).toContain(`PATH=${process.env.PATH}`);
    for (const hidden of ["GITHUB_TOKEN", "ANTHROPIC_API_KEY", "INPUT_", "GITHUB_REPOSITORY"]) {
      expect(result).not.toContain(hidden);
    }
    // Not even masked: the values never reach the command.
    expect(result).not.toContain("***");
    expect(result).not.toContain(githubToken);
    expect(result).not.toContain(anthropicKey);
  });

  it("kills a command that runs past its timeout, with everything it started, and says so", async () => {
    session.commandTimeoutMs = 300;
    // The sleep is a grandchild holding stdout open: unless the whole group is killed the
    // command never closes and this test times out.
    session.commands.test = "echo started; sleep 60; echo finished";
    const result = await callTool("run_command", { name: "test" });
    expect(result).toBe("test: timed out\nstarted\n");
    expect(session.commandRuns).toEqual([{ name: "test", exitCode: null }]);
  });

  it("keeps the start and the end of long output and says how much was cut", async () => {
    session.commands.test = `node -e "console.log('FIRST'); console.log('x'.repeat(100000)); console.log('LAST'); process.exit(1)"`;
    const result = await callTool("run_command", { name: "test" });
    expect(result).toMatch(/^test: exit code 1\nFIRST\n/);
    expect(result).toMatch(/LAST\n$/);
    // FIRST, 100,000 x and LAST with their newlines, less what is shown.
    expect(result).toContain(`\n[… ${100_012 - MAX_TOOL_OUTPUT} characters cut …]\n`);
    expect(result.length).toBeLessThan(MAX_TOOL_OUTPUT + 100);
  });

  it("cuts a long file the model reads the same way", async () => {
    await writeFile(join(root, "big.txt"), `${"line\n".repeat(10_000)}end\n`);
    const result = await callTool("read_file", { path: "big.txt" });
    expect(result).toMatch(/^1\tline\n/);
    expect(result).toContain("characters cut");
    expect(result).toMatch(/10001\tend\n10002\t$/);
    expect(result.length).toBeLessThan(MAX_TOOL_OUTPUT + 200);
  });
});

describe("after the loop, fanout's own git steps", () => {
  it("commit only what the model wrote and run no hook a command planted", async () => {
    const remote = join(base, "remote.git");
    await runGitRaw(["init", "--quiet", "--bare", remote]);
    await runGitRaw(["remote", "add", "origin", remote], { cwd: root });
    await runGitRaw(["push", "--quiet", "origin", "main"], { cwd: root });
    const ran = join(outside, "hook-ran");
    // Model-written tests run as a configured command and can write anything in the checkout,
    // .git/ included; a hook would then run in fanout's git calls, with the runner's secrets.
    session.commands.test = [
      "mkdir -p .git/hooks",
      ...["post-commit", "pre-push"].map(
        (hook) =>
          `printf '#!/bin/sh\\necho ${hook} >> ${ran}\\n' > .git/hooks/${hook} && chmod +x .git/hooks/${hook}`,
      ),
      "echo generated > build-output.txt",
    ].join(" && ");
    expect(await callTool("run_command", { name: "test" })).toBe("test: exit code 0\n");
    expect(await exists(join(root, ".git/hooks/pre-push"))).toBe(true);
    await callTool("write_file", { path: "src/count.mjs", content: "export const n = 1;\n" });

    const identity = { name: "fanout[bot]", email: "1+fanout[bot]@users.noreply.github.com" };
    const sha = await commitFiles(root, [...session.changedFiles], "Add count", identity);
    await pushBranch(root, "fanout/1-parser");

    expect(await exists(ran)).toBe(false);
    const pushed = await runGitRaw(["--git-dir", remote, "rev-parse", "fanout/1-parser"]);
    expect(pushed.stdout.toString("utf8").trim()).toBe(sha);
    const files = await runGitRaw(["--git-dir", remote, "diff", "--name-only", "main", sha!]);
    expect(files.stdout.toString("utf8").trim()).toBe("src/count.mjs");
  });
});
