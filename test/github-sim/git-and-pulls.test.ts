import { afterEach, describe, expect, it } from "vitest";
import { runGit } from "../fakes/github/git/run-git.ts";
import { type Clone, cloneRepo } from "./git-clone.ts";
import { closeSimsAfterEach, REPO, startSim, statusOf } from "./sim-test-kit.ts";

// Contents, trees, refs and commits read from git, and pull requests merged with real git.
closeSimsAfterEach();

const FILES = {
  "README.md": "# widgets\n",
  ".github/fanout.yml": "executor:\n  max_parallel: 2\n",
  "src/index.ts": "export const answer = 42;\n",
  "src/util/math.ts": "export const add = (a: number, b: number) => a + b;\n",
};

describe("contents", () => {
  it("serves a file as JSON with base64 content and raw, read from git at a ref", async () => {
    const { sim, octokit } = await startSim({ files: FILES });
    const json = await octokit.rest.repos.getContent({ ...REPO, path: ".github/fanout.yml" });
    expect(json.data).toMatchObject({
      type: "file",
      path: ".github/fanout.yml",
      encoding: "base64",
    });
    const content = (json.data as { content: string }).content;
    expect(Buffer.from(content, "base64").toString("utf8")).toBe(FILES[".github/fanout.yml"]);
    // Octokit sends the path with its slash encoded; the request log keeps it as sent.
    expect(sim.requests.at(-1)?.path).toBe("/repos/octo-org/widgets/contents/.github%2Ffanout.yml");

    // Probot's context.config reads the raw form.
    const raw = await octokit.rest.repos.getContent({
      ...REPO,
      path: ".github/fanout.yml",
      mediaType: { format: "raw" },
    });
    expect(raw.data).toBe(FILES[".github/fanout.yml"]);

    await sim.commitFiles("feature", { ".github/fanout.yml": "executor:\n  max_parallel: 5\n" });
    const onBranch = await octokit.rest.repos.getContent({
      ...REPO,
      path: ".github/fanout.yml",
      ref: "feature",
      mediaType: { format: "raw" },
    });
    expect(onBranch.data).toContain("max_parallel: 5");
    expect(await sim.readFile(".github/fanout.yml")).toBe(FILES[".github/fanout.yml"]);

    expect(await statusOf(octokit.rest.repos.getContent({ ...REPO, path: "missing.txt" }))).toBe(
      404,
    );
    expect(
      await statusOf(octokit.rest.repos.getContent({ ...REPO, path: "README.md", ref: "nope" })),
    ).toBe(404);
  });

  it("lists a directory", async () => {
    const { octokit } = await startSim({ files: FILES });
    const { data } = await octokit.rest.repos.getContent({ ...REPO, path: "src" });
    expect((data as { path: string; type: string }[]).map((e) => [e.path, e.type])).toEqual([
      ["src/index.ts", "file"],
      ["src/util", "dir"],
    ]);
  });
});

describe("git trees", () => {
  it("lists the whole tree recursively from a branch name, and says when it is truncated", async () => {
    const { octokit } = await startSim({ files: FILES });
    const { data } = await octokit.rest.git.getTree({ ...REPO, tree_sha: "main", recursive: "1" });
    expect(data.truncated).toBe(false);
    expect(data.tree.map((entry) => `${entry.type} ${entry.path}`)).toEqual([
      "tree .github",
      "blob .github/fanout.yml",
      "blob README.md",
      "tree src",
      "blob src/index.ts",
      "tree src/util",
      "blob src/util/math.ts",
    ]);
    expect(data.tree.find((entry) => entry.path === "README.md")?.size).toBe(
      FILES["README.md"].length,
    );

    const flat = await octokit.rest.git.getTree({ ...REPO, tree_sha: data.sha });
    expect(flat.data.tree.map((entry) => entry.path)).toEqual([".github", "README.md", "src"]);
    expect(await statusOf(octokit.rest.git.getTree({ ...REPO, tree_sha: "0".repeat(40) }))).toBe(
      404,
    );
  });

  it("truncates past the entry limit", async () => {
    const { octokit } = await startSim({ files: FILES, treeEntryLimit: 3 });
    const { data } = await octokit.rest.git.getTree({ ...REPO, tree_sha: "main", recursive: "1" });
    expect(data.truncated).toBe(true);
    expect(data.tree).toHaveLength(3);
  });
});

describe("refs and commits", () => {
  it("creates, reads, moves and deletes branches with GitHub's guards", async () => {
    const { sim, octokit } = await startSim({ files: FILES });
    const main = await octokit.rest.git.getRef({ ...REPO, ref: "heads/main" });
    const base = main.data.object.sha;
    expect(main.data.ref).toBe("refs/heads/main");
    expect(base).toBe(await sim.refSha("main"));

    const created = await octokit.rest.git.createRef({
      ...REPO,
      ref: "refs/heads/fanout/7-a",
      sha: base,
    });
    expect(created.status).toBe(201);
    expect(
      await statusOf(
        octokit.rest.git.createRef({ ...REPO, ref: "refs/heads/fanout/7-a", sha: base }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        octokit.rest.git.createRef({ ...REPO, ref: "refs/heads/x", sha: "f".repeat(40) }),
      ),
    ).toBe(422);
    expect(
      (await octokit.rest.git.getRef({ ...REPO, ref: "heads/fanout/7-a" })).data.object.sha,
    ).toBe(base);

    const ahead = await sim.commitFiles("side", { "a.txt": "a\n" });
    const behind = await sim.commitFiles("other", { "b.txt": "b\n" });
    const moved = await octokit.rest.git.updateRef({
      ...REPO,
      ref: "heads/fanout/7-a",
      sha: ahead,
    });
    expect(moved.data.object.sha).toBe(ahead);
    expect(
      await statusOf(octokit.rest.git.updateRef({ ...REPO, ref: "heads/fanout/7-a", sha: behind })),
    ).toBe(422);
    await octokit.rest.git.updateRef({
      ...REPO,
      ref: "heads/fanout/7-a",
      sha: behind,
      force: true,
    });
    expect(await sim.refSha("refs/heads/fanout/7-a")).toBe(behind);

    expect((await octokit.rest.git.deleteRef({ ...REPO, ref: "heads/fanout/7-a" })).status).toBe(
      204,
    );
    expect(await statusOf(octokit.rest.git.getRef({ ...REPO, ref: "heads/fanout/7-a" }))).toBe(404);
    expect(await statusOf(octokit.rest.git.deleteRef({ ...REPO, ref: "heads/fanout/7-a" }))).toBe(
      422,
    );
  });

  it("reads a commit with its files from git", async () => {
    const { sim, octokit } = await startSim({ files: FILES });
    const sha = await sim.commitFiles(
      "main",
      { "src/index.ts": "export const answer = 43;\n", "README.md": null },
      "Tweak",
    );
    const { data } = await octokit.rest.repos.getCommit({ ...REPO, ref: "main" });
    expect(data.sha).toBe(sha);
    expect(data.commit.message).toBe("Tweak");
    expect(
      data.files?.map((file) => [file.filename, file.status, file.additions, file.deletions]),
    ).toEqual([
      ["README.md", "removed", 0, 1],
      ["src/index.ts", "modified", 1, 1],
    ]);
    expect(await statusOf(octokit.rest.repos.getCommit({ ...REPO, ref: "nope" }))).toBe(422);
  });
});

const clones: Clone[] = [];
afterEach(async () => {
  await Promise.all(clones.splice(0).map((clone) => clone.remove()));
});

const PULL_FILES = { "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 1;\n" };

/** A branch made in a real clone and pushed with `git push`, as the executor does. */
async function pushBranch(
  gitDir: string,
  branch: string,
  files: Record<string, string>,
  message = `Work on ${branch}`,
) {
  const clone = await cloneRepo(gitDir);
  clones.push(clone);
  await clone.git("checkout", "--quiet", "-b", branch);
  const sha = await clone.commit(files, message);
  await clone.git("push", "--quiet", "origin", branch);
  return { clone, sha };
}

describe("pull requests", () => {
  it("opens a PR from a pushed branch and computes mergeability and files from git", async () => {
    const { sim, octokit } = await startSim({ files: PULL_FILES });
    const task = await sim.createIssue({ title: "Task A" });
    const { sha } = await pushBranch(sim.gitDir, "fanout/1-a", {
      "src/a.ts": "export const a = 2;\n",
    });

    const created = await octokit.rest.pulls.create({
      ...REPO,
      head: "fanout/1-a",
      base: "main",
      title: "Task A",
      body: `Closes #${task.number}`,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 2,
      state: "open",
      head: { ref: "fanout/1-a", sha },
      base: { ref: "main" },
      mergeable: true,
      mergeable_state: "clean",
      merged: false,
      commits: 1,
      changed_files: 1,
    });
    const asIssue = await octokit.rest.issues.get({ ...REPO, issue_number: 2 });
    expect(asIssue.data.pull_request).toBeDefined();

    const files = await octokit.rest.pulls.listFiles({ ...REPO, pull_number: 2 });
    expect(
      files.data.map((file) => [file.filename, file.status, file.additions, file.deletions]),
    ).toEqual([["src/a.ts", "modified", 1, 1]]);
    expect(files.data[0]?.patch).toContain("+export const a = 2;");

    const listed = await octokit.rest.pulls.list({
      ...REPO,
      head: "octo-org:fanout/1-a",
      state: "all",
    });
    expect(listed.data.map((pull) => pull.number)).toEqual([2]);
    expect((await octokit.rest.pulls.list({ ...REPO, head: "octo-org:other" })).data).toEqual([]);
    expect(
      await statusOf(
        octokit.rest.pulls.create({ ...REPO, head: "fanout/1-a", base: "main", title: "Again" }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        octokit.rest.pulls.create({ ...REPO, head: "missing", base: "main", title: "No" }),
      ),
    ).toBe(422);
    expect(sim.emitted.at(-1)).toMatchObject({ name: "pull_request", action: "opened" });
  });

  it("merges with the head sha guard, closing the PR and the issue it names", async () => {
    const { sim, octokit } = await startSim({ files: PULL_FILES });
    const task = await sim.createIssue({ title: "Task A" });
    const { sha } = await pushBranch(sim.gitDir, "fanout/1-a", {
      "src/a.ts": "export const a = 2;\n",
    });
    const pr = await sim.createPullRequest({
      head: "fanout/1-a",
      title: "Task A",
      body: `Fixes #${task.number}`,
    });
    const mainBefore = await sim.refSha("main");

    const stale = await statusOf(
      octokit.rest.pulls.merge({
        ...REPO,
        pull_number: pr.number,
        sha: mainBefore,
        merge_method: "squash",
      }),
    );
    expect(stale).toBe(409);
    expect(await sim.refSha("main")).toBe(mainBefore);

    const merged = await octokit.rest.pulls.merge({
      ...REPO,
      pull_number: pr.number,
      sha,
      merge_method: "squash",
    });
    expect(merged.data).toMatchObject({
      merged: true,
      message: "Pull Request successfully merged",
    });
    const main = await sim.refSha("main");
    expect(main).toBe(merged.data.sha);
    expect(await runGit(sim.gitDir, ["rev-list", "--parents", "-n", "1", "main"])).toBe(
      `${main} ${mainBefore}`,
    );
    expect(await runGit(sim.gitDir, ["log", "-1", "--format=%s", "main"])).toBe(
      `Task A (#${pr.number})`,
    );
    expect(await sim.readFile("src/a.ts")).toBe("export const a = 2;\n");

    const after = await sim.pull(pr.number);
    expect(after).toMatchObject({ state: "closed", merged: true, merge_commit_sha: main });
    expect(sim.issue(task.number)).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(sim.emitted.slice(-2).map((w) => `${w.name}.${w.action}`)).toEqual([
      "pull_request.closed",
      "issues.closed",
    ]);
    expect(sim.emitted.at(-2)?.payload).toMatchObject({ pull_request: { merged: true } });
    expect(await statusOf(octokit.rest.pulls.merge({ ...REPO, pull_number: pr.number }))).toBe(405);
  });

  it("refuses to merge a PR that conflicts, as git sees it", async () => {
    const { sim, octokit } = await startSim({ files: PULL_FILES });
    await pushBranch(sim.gitDir, "fanout/1-a", { "src/a.ts": "export const a = 2;\n" });
    const { sha: bSha } = await pushBranch(sim.gitDir, "fanout/1-b", {
      "src/a.ts": "export const a = 3;\n",
    });
    const first = await sim.createPullRequest({ head: "fanout/1-a", title: "A" });
    const second = await sim.createPullRequest({ head: "fanout/1-b", title: "B" });
    await octokit.rest.pulls.merge({ ...REPO, pull_number: first.number, merge_method: "merge" });
    expect(await runGit(sim.gitDir, ["rev-list", "--parents", "-n", "1", "main"])).toMatch(
      /^\w{40} \w{40} \w{40}$/,
    );

    const conflicted = await octokit.rest.pulls.get({ ...REPO, pull_number: second.number });
    expect(conflicted.data).toMatchObject({ mergeable: false, mergeable_state: "dirty" });
    expect(
      await statusOf(
        octokit.rest.pulls.merge({
          ...REPO,
          pull_number: second.number,
          sha: bSha,
          merge_method: "squash",
        }),
      ),
    ).toBe(405);
    expect(
      await statusOf(
        octokit.rest.pulls.updateBranch({
          ...REPO,
          pull_number: second.number,
          expected_head_sha: bSha,
        }),
      ),
    ).toBe(422);
  });

  it("updates a branch that fell behind with a real merge commit and tells the app", async () => {
    const { sim, octokit } = await startSim({ files: PULL_FILES });
    const { sha: head } = await pushBranch(sim.gitDir, "fanout/1-a", {
      "src/a.ts": "export const a = 2;\n",
    });
    const pr = await sim.createPullRequest({ head: "fanout/1-a", title: "A" });
    expect(
      await statusOf(
        octokit.rest.pulls.updateBranch({
          ...REPO,
          pull_number: pr.number,
          expected_head_sha: head,
        }),
      ),
    ).toBe(422); // nothing new on main yet
    const main = await sim.commitFiles("main", { "src/b.ts": "export const b = 2;\n" });

    expect(
      await statusOf(
        octokit.rest.pulls.updateBranch({
          ...REPO,
          pull_number: pr.number,
          expected_head_sha: main,
        }),
      ),
    ).toBe(422);
    const updated = await octokit.rest.pulls.updateBranch({
      ...REPO,
      pull_number: pr.number,
      expected_head_sha: head,
    });
    expect(updated.status).toBe(202);
    const newHead = await sim.refSha("fanout/1-a");
    expect(await runGit(sim.gitDir, ["rev-list", "--parents", "-n", "1", "fanout/1-a"])).toBe(
      `${newHead} ${head} ${main}`,
    );
    expect(sim.emitted.at(-1)).toMatchObject({
      name: "pull_request",
      action: "synchronize",
      payload: { before: head, after: newHead },
    });
    expect((await sim.pull(pr.number))?.head.sha).toBe(newHead);
  });

  it("sees a push from another process on the next request, with a synchronize webhook", async () => {
    const { sim, octokit } = await startSim({ files: PULL_FILES });
    const { clone, sha: first } = await pushBranch(sim.gitDir, "fanout/1-a", {
      "src/a.ts": "export const a = 2;\n",
    });
    const pr = await sim.createPullRequest({ head: "fanout/1-a", title: "A" });
    const second = await clone.commit({ "src/a.ts": "export const a = 4;\n" }, "Fix review");
    await clone.git("push", "--quiet", "origin", "fanout/1-a");

    const { data } = await octokit.rest.pulls.get({ ...REPO, pull_number: pr.number });
    expect(data.head.sha).toBe(second);
    expect(data.commits).toBe(2);
    expect(sim.emitted.at(-1)).toMatchObject({
      action: "synchronize",
      payload: { before: first, after: second },
    });
  });

  it("labels, edits and closes a PR through the issue and pull endpoints as pull_request webhooks", async () => {
    const { sim, octokit } = await startSim({ files: PULL_FILES });
    await pushBranch(sim.gitDir, "fanout/1-a", { "src/a.ts": "export const a = 2;\n" });
    const pr = await sim.createPullRequest({ head: "fanout/1-a", title: "A" });
    const before = sim.emitted.length;

    await octokit.rest.issues.addLabels({ ...REPO, issue_number: pr.number, labels: ["fanout"] });
    const edited = await octokit.rest.pulls.update({
      ...REPO,
      pull_number: pr.number,
      title: "Task A",
    });
    expect(edited.data.title).toBe("Task A");
    const closed = await octokit.rest.pulls.update({
      ...REPO,
      pull_number: pr.number,
      state: "closed",
    });
    expect(closed.data).toMatchObject({ state: "closed", merged: false, mergeable: null });

    expect(sim.emitted.slice(before).map((w) => `${w.name}.${w.action}`)).toEqual([
      "pull_request.labeled",
      "pull_request.edited",
      "pull_request.closed",
    ]);
    expect(sim.emitted.at(-1)?.payload).toMatchObject({
      number: pr.number,
      pull_request: { merged: false },
    });
    expect(await statusOf(octokit.rest.pulls.merge({ ...REPO, pull_number: pr.number }))).toBe(405);
  });

  it("rebases onto the base with the rebase method", async () => {
    const { sim, octokit } = await startSim({ files: PULL_FILES });
    await pushBranch(sim.gitDir, "fanout/1-a", { "src/a.ts": "export const a = 2;\n" }, "Change a");
    const pr = await sim.createPullRequest({ head: "fanout/1-a", title: "A" });
    const main = await sim.commitFiles("main", { "src/b.ts": "export const b = 2;\n" }, "Change b");
    const merged = await octokit.rest.pulls.merge({
      ...REPO,
      pull_number: pr.number,
      merge_method: "rebase",
    });
    expect(await runGit(sim.gitDir, ["log", "--format=%s", "main"])).toBe(
      "Change a\nChange b\nInitial commit",
    );
    expect(await runGit(sim.gitDir, ["rev-parse", "main~1"])).toBe(main);
    expect(merged.data.sha).toBe(await sim.refSha("main"));
  });
});
