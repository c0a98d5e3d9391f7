import { describe, expect, it } from "vitest";
import type { WorkflowDispatchEvent } from "../fakes/github/start-github-simulator.ts";
import { closeSimsAfterEach, octokitFor, REPO, startSim, statusOf } from "./sim-test-kit.ts";

// Verdicts on a sha (check runs, statuses, rulesets) and Actions workflow runs.
closeSimsAfterEach();

describe("check runs", () => {
  it("creates and completes check runs on a sha, listing the latest per name", async () => {
    const { sim, octokit } = await startSim();
    const sha = await sim.commitFiles("fanout/1-a", { "a.txt": "a\n" });
    await sim.createPullRequest({ head: "fanout/1-a", title: "A" });

    const created = await octokit.rest.checks.create({
      ...REPO,
      name: "fanout/security",
      head_sha: sha,
      status: "in_progress",
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: "fanout/security",
      head_sha: sha,
      status: "in_progress",
      conclusion: null,
      app: { slug: "fanout" },
      pull_requests: [expect.objectContaining({ number: 1 })],
    });
    const completed = await octokit.rest.checks.update({
      ...REPO,
      check_run_id: created.data.id,
      conclusion: "failure",
      output: {
        title: "1 secret",
        summary: "A token in the diff",
        annotations: [
          {
            path: "a.txt",
            start_line: 1,
            end_line: 1,
            annotation_level: "failure",
            message: "token",
          },
        ],
      },
    });
    expect(completed.data).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { annotations_count: 1 },
    });
    // A re-run of the same check: the newer one is what `filter: latest` shows.
    await octokit.rest.checks.create({
      ...REPO,
      name: "fanout/security",
      head_sha: sha,
      conclusion: "success",
    });
    await octokit.rest.checks.create({
      ...REPO,
      name: "fanout/compliance",
      head_sha: sha,
      status: "queued",
    });

    const latest = await octokit.rest.checks.listForRef({ ...REPO, ref: sha });
    expect(latest.data.check_runs.map((run) => [run.name, run.conclusion])).toEqual([
      ["fanout/compliance", null],
      ["fanout/security", "success"],
    ]);
    const all = await octokit.rest.checks.listForRef({
      ...REPO,
      ref: "fanout/1-a",
      filter: "all",
      check_name: "fanout/security",
    });
    expect(all.data.total_count).toBe(2);
    expect(
      await statusOf(octokit.rest.checks.create({ ...REPO, name: "x", head_sha: "0".repeat(40) })),
    ).toBe(422);

    expect(sim.checkRuns(sha)).toHaveLength(3);
    const checkHooks = sim.emitted.filter((w) => w.name === "check_run").map((w) => w.action);
    expect(checkHooks).toEqual(["created", "completed", "created", "completed", "created"]);
  });
});

describe("commit statuses", () => {
  it("combines the latest status per context", async () => {
    const { sim, octokit } = await startSim();
    const sha = (await sim.refSha("main")) as string;
    await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha,
      state: "pending",
      context: "ci/test",
    });
    expect(
      (await octokit.rest.repos.getCombinedStatusForRef({ ...REPO, ref: sha })).data.state,
    ).toBe("pending");
    await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha,
      state: "success",
      context: "ci/test",
    });
    await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha,
      state: "success",
      context: "ci/lint",
    });
    const combined = await octokit.rest.repos.getCombinedStatusForRef({ ...REPO, ref: "main" });
    expect(combined.data).toMatchObject({ state: "success", sha, total_count: 2 });
    await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha,
      state: "error",
      context: "ci/lint",
    });
    expect(
      (await octokit.rest.repos.getCombinedStatusForRef({ ...REPO, ref: sha })).data.state,
    ).toBe("failure");
    expect(sim.statuses(sha).map((status) => status.state)).toEqual([
      "error",
      "success",
      "success",
      "pending",
    ]);
  });
});

describe("rulesets", () => {
  it("reports required checks and holds merges until they pass", async () => {
    const { sim, octokit } = await startSim();
    sim.requireChecks("main", ["ci/test", "fanout/security"]);
    const rules = await octokit.rest.repos.getBranchRules({ ...REPO, branch: "main" });
    expect(rules.data).toEqual([
      expect.objectContaining({
        type: "required_status_checks",
        parameters: {
          required_status_checks: [{ context: "ci/test" }, { context: "fanout/security" }],
          strict_required_status_checks_policy: false,
        },
      }),
    ]);
    expect((await octokit.rest.repos.getBranchRules({ ...REPO, branch: "other" })).data).toEqual(
      [],
    );

    const sha = await sim.commitFiles("fanout/1-a", { "a.txt": "a\n" });
    const pr = await sim.createPullRequest({ head: "fanout/1-a", title: "A" });
    await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha,
      state: "success",
      context: "ci/test",
    });
    expect(
      (await octokit.rest.pulls.get({ ...REPO, pull_number: pr.number })).data.mergeable_state,
    ).toBe("blocked");
    expect(await statusOf(octokit.rest.pulls.merge({ ...REPO, pull_number: pr.number, sha }))).toBe(
      405,
    );

    await octokit.rest.checks.create({
      ...REPO,
      name: "fanout/security",
      head_sha: sha,
      conclusion: "success",
    });
    expect(
      (await octokit.rest.pulls.get({ ...REPO, pull_number: pr.number })).data.mergeable_state,
    ).toBe("clean");
    expect(
      (await octokit.rest.pulls.merge({ ...REPO, pull_number: pr.number, sha })).data.merged,
    ).toBe(true);
  });

  it("with the strict policy, a PR behind its base is not mergeable until updated", async () => {
    const { sim, octokit } = await startSim();
    sim.requireChecks("main", ["ci/test"], { strict: true });
    const sha = await sim.commitFiles("fanout/1-a", { "a.txt": "a\n" });
    const pr = await sim.createPullRequest({ head: "fanout/1-a", title: "A" });
    await sim.commitFiles("main", { "b.txt": "b\n" });
    await octokit.rest.repos.createCommitStatus({
      ...REPO,
      sha,
      state: "success",
      context: "ci/test",
    });
    expect(
      (await octokit.rest.pulls.get({ ...REPO, pull_number: pr.number })).data.mergeable_state,
    ).toBe("behind");
    expect(await statusOf(octokit.rest.pulls.merge({ ...REPO, pull_number: pr.number, sha }))).toBe(
      405,
    );
  });
});

const EXECUTOR = `name: fanout executor
on:
  workflow_dispatch:
    inputs:
      task:
        required: true
      model:
        required: false
        default: claude-haiku-5-5
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;
const CI_ONLY = "name: ci\non: [push, pull_request]\njobs: {}\n";
const FILES = {
  ".github/workflows/fanout-executor.yml": EXECUTOR,
  ".github/workflows/ci.yml": CI_ONLY,
};

describe("workflow dispatch", () => {
  it("creates a run, answers its id, and hands it to the test's runner after responding", async () => {
    const { sim, octokit } = await startSim({ files: FILES });
    const seen: WorkflowDispatchEvent[] = [];
    const stop = sim.onWorkflowDispatch(async (event) => {
      seen.push(event);
      // The runner acts with the token it was given, like the executor would.
      const run = await octokitFor(sim, event.token).rest.actions.getWorkflowRun({
        ...REPO,
        run_id: event.runId,
      });
      expect(run.data.status).toBe("queued");
      await sim.updateWorkflowRun(event.runId, { status: "in_progress" });
      await sim.updateWorkflowRun(event.runId, { conclusion: "success" });
    });

    const workflow = await octokit.rest.actions.getWorkflow({
      ...REPO,
      workflow_id: "fanout-executor.yml",
    });
    expect(workflow.data).toMatchObject({
      name: "fanout executor",
      path: ".github/workflows/fanout-executor.yml",
      state: "active",
    });

    const dispatched = await octokit.rest.actions.createWorkflowDispatch({
      ...REPO,
      workflow_id: "fanout-executor.yml",
      ref: "main",
      inputs: { task: "12" },
      return_run_details: true,
    });
    expect(dispatched.status).toBe(200);
    const runId = (dispatched.data as { workflow_run_id: number }).workflow_run_id;
    expect(dispatched.data).toMatchObject({
      run_url: `${sim.url}/repos/octo-org/widgets/actions/runs/${runId}`,
    });
    await sim.waitForWorkflowHandlers();

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      runId,
      workflowFile: "fanout-executor.yml",
      ref: "main",
      inputs: { task: "12", model: "claude-haiku-5-5" },
    });
    const run = await octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: runId });
    expect(run.data).toMatchObject({
      status: "completed",
      conclusion: "success",
      event: "workflow_dispatch",
      head_branch: "main",
    });
    expect(sim.emitted.filter((w) => w.name === "workflow_run").map((w) => w.action)).toEqual([
      "requested",
      "in_progress",
      "completed",
    ]);

    stop();
    const plain = await octokit.rest.actions.createWorkflowDispatch({
      ...REPO,
      workflow_id: "fanout-executor.yml",
      ref: "main",
      inputs: { task: "13" },
    });
    expect(plain.status).toBe(204);
    const succeeded = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...REPO,
      status: "success",
    });
    expect(succeeded.data.workflow_runs.map((r) => r.id)).toEqual([runId]);
    const queued = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...REPO,
      status: "queued",
    });
    expect(queued.data.workflow_runs.map((r) => r.id)).toEqual([runId + 1]);
  });

  it("answers 404 for a workflow file not in the repository and 422 for one it cannot dispatch", async () => {
    const { sim, octokit } = await startSim({ files: FILES });
    const dispatch = (workflow_id: string, inputs: Record<string, string>, ref = "main") =>
      statusOf(octokit.rest.actions.createWorkflowDispatch({ ...REPO, workflow_id, ref, inputs }));
    expect(await dispatch("missing.yml", {})).toBe(404);
    expect(await dispatch("ci.yml", {})).toBe(422);
    expect(await dispatch("fanout-executor.yml", { task: "1", shell: "rm -rf /" })).toBe(422);
    expect(await dispatch("fanout-executor.yml", {})).toBe(422);
    expect(await dispatch("fanout-executor.yml", { task: "1" }, "no-such-branch")).toBe(422);
    // The file is read at the dispatched ref: a branch without it has no such workflow.
    await sim.commitFiles("bare", { ".github/workflows/fanout-executor.yml": null });
    expect(await dispatch("fanout-executor.yml", { task: "1" }, "bare")).toBe(404);
    expect(await sim.workflowRuns()).toEqual([]);
  });

  it("cancels a run, telling its runner, and refuses to cancel a completed one", async () => {
    const { sim, octokit } = await startSim({ files: FILES });
    let aborted: unknown;
    sim.onWorkflowDispatch(
      (event) =>
        new Promise<void>((resolve) => {
          event.signal.addEventListener("abort", () => {
            aborted = event.signal.reason;
            resolve();
          });
        }),
    );
    const { data } = await octokit.rest.actions.createWorkflowDispatch({
      ...REPO,
      workflow_id: "fanout-executor.yml",
      ref: "main",
      inputs: { task: "1" },
      return_run_details: true,
    });
    const runId = (data as { workflow_run_id: number }).workflow_run_id;
    const cancelled = await octokit.rest.actions.cancelWorkflowRun({ ...REPO, run_id: runId });
    expect(cancelled.status).toBe(202);
    await sim.waitForWorkflowHandlers();
    expect(aborted).toBeInstanceOf(Error);
    const run = await octokit.rest.actions.getWorkflowRun({ ...REPO, run_id: runId });
    expect(run.data).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(await statusOf(octokit.rest.actions.cancelWorkflowRun({ ...REPO, run_id: runId }))).toBe(
      409,
    );
  });

  it("leaves runs queued without a runner", async () => {
    const { octokit } = await startSim({ files: FILES });
    await octokit.rest.actions.createWorkflowDispatch({
      ...REPO,
      workflow_id: "fanout-executor.yml",
      ref: "main",
      inputs: { task: "1" },
    });
    const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
      ...REPO,
      event: "workflow_dispatch",
    });
    expect(data.workflow_runs.map((run) => run.status)).toEqual(["queued"]);
  });
});
