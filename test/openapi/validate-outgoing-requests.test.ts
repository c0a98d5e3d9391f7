import { Octokit } from "@octokit/rest";
import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  installRequestValidation,
  registerGitHubApiBase,
  takeRequestViolations,
} from "../fakes/openapi/validate-outgoing-requests.ts";

// test/setup.ts installs the validation for every test; these tests look at what it records.

function octokit(baseUrl = "https://api.github.com"): Octokit {
  return new Octokit({ auth: "ghs_test_token", baseUrl });
}

describe("validation of the requests Octokit sends", () => {
  it("records a request that breaks the description, even though nock answered it", async () => {
    const scope = nock("https://api.github.com")
      .post("/repos/o/r/issues/1/sub_issues")
      .reply(201, { id: 1 });

    await octokit().rest.issues.addSubIssue({
      owner: "o",
      repo: "r",
      issue_number: 1,
      sub_issue_id: "12" as unknown as number,
    });

    expect(scope.isDone()).toBe(true);
    expect(takeRequestViolations()).toEqual([
      {
        request: "POST https://api.github.com/repos/o/r/issues/1/sub_issues",
        message:
          'issues/add-sub-issue (POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues): body.sub_issue_id must be integer (got "12")',
      },
    ]);
    expect(takeRequestViolations()).toEqual([]);
  });

  it("records invalid query parameters and methods", async () => {
    nock("https://api.github.com")
      .get("/repos/o/r/issues")
      .query(true)
      .reply(200, [])
      .delete("/repos/o/r/issues/1")
      .reply(204);

    await octokit().request("GET /repos/{owner}/{repo}/issues", {
      owner: "o",
      repo: "r",
      state: "bogus" as "open",
    });
    await octokit().request("DELETE /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: "o",
      repo: "r",
      issue_number: 1,
    });

    expect(takeRequestViolations().map((violation) => violation.message)).toEqual([
      'issues/list-for-repo (GET /repos/{owner}/{repo}/issues): query.state must be one of "open", "closed", "all" (got "bogus")',
      "DELETE /repos/o/r/issues/1: /repos/{owner}/{repo}/issues/{issue_number} does not take DELETE (it takes GET, PATCH)",
    ]);
  });

  it("records nothing for valid requests, raw media types and bodiless PUTs included", async () => {
    const scope = nock("https://api.github.com")
      .get("/repos/o/r/contents/.github%2Ffanout.yml")
      .query({ ref: "main" })
      .reply(200, "merge: { method: squash }\n", { "content-type": "application/vnd.github.raw" })
      .post("/repos/o/r/actions/workflows/fanout.yml/dispatches")
      .reply(200, { workflow_run_id: 1, run_url: "u", html_url: "h" })
      .put("/repos/o/r/pulls/3/merge")
      .reply(200, { sha: "abc", merged: true, message: "Merged" })
      .get("/repos/o/r/git/ref/heads%2Fmain")
      .reply(200, {});

    const client = octokit();
    await client.rest.repos.getContent({
      owner: "o",
      repo: "r",
      path: ".github/fanout.yml",
      ref: "main",
      mediaType: { format: "raw" },
    });
    await client.rest.actions.createWorkflowDispatch({
      owner: "o",
      repo: "r",
      workflow_id: "fanout.yml",
      ref: "main",
      inputs: { task: "1" },
      return_run_details: true,
    } as Parameters<typeof client.rest.actions.createWorkflowDispatch>[0]);
    await client.rest.pulls.merge({ owner: "o", repo: "r", pull_number: 3 });
    await client.rest.git.getRef({ owner: "o", repo: "r", ref: "heads/main" });

    expect(scope.isDone()).toBe(true);
    expect(takeRequestViolations()).toEqual([]);
  });

  it("checks a registered GitHub Enterprise API root, relative to its /api/v3", async () => {
    registerGitHubApiBase("https://ghes.example.test/api/v3/");
    nock("https://ghes.example.test/api/v3").post("/repos/o/r/issues/1/sub_issues").reply(201, {});

    await octokit("https://ghes.example.test/api/v3").request(
      "POST /repos/o/r/issues/1/sub_issues",
      { replace_parent: true },
    );

    expect(takeRequestViolations()).toEqual([
      {
        request: "POST https://ghes.example.test/api/v3/repos/o/r/issues/1/sub_issues",
        message:
          "issues/add-sub-issue (POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues): body must have required property 'sub_issue_id'",
      },
    ]);
  });

  it("leaves loopback (the simulator's own traffic), GraphQL and other hosts alone", async () => {
    nock("http://127.0.0.1:4010").delete("/repos/o/r/issues/1").reply(204);
    nock("https://api.anthropic.com").post("/v1/not-github").reply(200, {});
    nock("https://api.github.com")
      .post("/graphql")
      .reply(200, { data: { viewer: { id: "1" } } });

    await octokit("http://127.0.0.1:4010").request("DELETE /repos/o/r/issues/1");
    await fetch("https://api.anthropic.com/v1/not-github", { method: "POST", body: "{}" });
    await octokit().graphql("query { viewer { id } }");

    expect(takeRequestViolations()).toEqual([]);
  });

  it("wraps fetch once, however often it is installed", async () => {
    const uninstall = installRequestValidation();
    nock("https://api.github.com").get("/repos/o/r/issues/x").reply(200, {});

    await octokit().request("GET /repos/o/r/issues/x");
    uninstall();

    expect(takeRequestViolations()).toHaveLength(1);
  });
});
