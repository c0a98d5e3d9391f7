import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runAppInActions } from "../../src/actions-mode/run-app-in-actions.ts";
import app from "../../src/app.ts";
import { TestOctokit } from "../helpers/create-test-probot.ts";
import { issueLabeledEvent } from "../helpers/issue-labeled.ts";
import { REPO_PATH } from "../helpers/nock-github.ts";

let stdout: string[];

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), "fanout-event-"));
  const eventPath = join(dir, "event.json");
  await writeFile(eventPath, JSON.stringify(issueLabeledEvent().payload));
  vi.stubEnv("GITHUB_EVENT_NAME", "issues");
  vi.stubEnv("GITHUB_EVENT_PATH", eventPath);
  vi.stubEnv("GITHUB_API_URL", "https://ghe.example.com/api/v3");
  vi.stubEnv("GITHUB_RUN_ID", "777");
  vi.stubEnv("INPUT_GITHUB-TOKEN", "ghs_orchestrator_token");
  stdout = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  process.exitCode = undefined;
});

function githubWithConfig(yaml: string) {
  return nock("https://ghe.example.com/api/v3", {
    reqheaders: { authorization: "token ghs_orchestrator_token" },
  })
    .get(`${REPO_PATH}/contents/.github%2Ffanout.yml`)
    .reply(200, yaml, { "content-type": "text/plain" });
}

describe("runAppInActions", () => {
  it("runs the app for the workflow's event with the given token and API URL", async () => {
    const scope = githubWithConfig("merge: { method: fast }")
      .post(`${REPO_PATH}/issues/1/comments`, (body) => body.body.includes("`merge.method`"))
      .reply(201, { id: 9 });

    await runAppInActions(app, { Octokit: TestOctokit });

    expect(scope.isDone()).toBe(true);
    expect(process.exitCode).toBeUndefined();
    expect(stdout.join("")).toContain("::add-mask::ghs_orchestrator_token");
  });

  it("fails the step when a handler throws, naming the event and the error", async () => {
    const scope = githubWithConfig("merge: { method: fast }")
      .post(`${REPO_PATH}/issues/1/comments`)
      .reply(500, { message: "Server Error" });

    await runAppInActions(app, { Octokit: TestOctokit });

    expect(scope.isDone()).toBe(true);
    expect(process.exitCode).toBe(1);
    expect(stdout.join("")).toMatch(
      /::error::fanout failed while handling `issues`: .*Server Error/,
    );
  });

  it("fails with a readable message when no token was given", async () => {
    vi.stubEnv("INPUT_GITHUB-TOKEN", "");

    await runAppInActions(app, { Octokit: TestOctokit });

    expect(process.exitCode).toBe(1);
    expect(stdout.join("")).toContain("fanout needs a GitHub token: pass `github-token`");
  });

  it("fails with a readable message outside of a workflow run", async () => {
    vi.stubEnv("GITHUB_EVENT_PATH", "");

    await runAppInActions(app, { Octokit: TestOctokit });

    expect(process.exitCode).toBe(1);
    expect(stdout.join("")).toContain(
      "This step does not look like a GitHub Actions run:%0A  - GITHUB_EVENT_PATH",
    );
  });
});

describe("the orchestrator's planner client", () => {
  it("uses the action's anthropic-api-key input, masked before anything can print it", async () => {
    const { orchestratorAnthropic } = await import("../../src/orchestrator/orchestrator-app.ts");
    vi.stubEnv("INPUT_ANTHROPIC-API-KEY", "sk-ant-orchestrator-test-value");

    const client = orchestratorAnthropic()();

    expect(stdout.join("")).toContain("::add-mask::sk-ant-orchestrator-test-value");
    expect(client.apiKey).toBe("sk-ant-orchestrator-test-value");
  });
});
