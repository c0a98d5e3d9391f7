import { describe, expect, it } from "vitest";
import { assertValidRequest, checkRequest } from "../fakes/openapi/check-request.ts";

function messages(request: Parameters<typeof checkRequest>[0]): string[] {
  return checkRequest(request).map((violation) => violation.message);
}

describe("checkRequest: what GitHub's description rejects", () => {
  it("reports a path no operation has", () => {
    expect(messages({ method: "GET", path: "/repos/o/r/sub-issues-please" })).toEqual([
      "GET /repos/o/r/sub-issues-please: no operation in GitHub's REST API has this path",
    ]);
  });

  it("reports a method the path does not take, with the ones it does", () => {
    expect(messages({ method: "DELETE", path: "/repos/o/r/issues/1" })).toEqual([
      "DELETE /repos/o/r/issues/1: /repos/{owner}/{repo}/issues/{issue_number} does not take DELETE (it takes GET, PATCH)",
    ]);
  });

  it("reports a missing required body field, naming the operation and the field", () => {
    const request = { method: "POST", path: "/repos/o/r/issues/1/sub_issues", body: {} };
    expect(messages(request)).toEqual([
      "issues/add-sub-issue (POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues): body must have required property 'sub_issue_id'",
    ]);
    expect(checkRequest(request)[0]?.operationId).toBe("issues/add-sub-issue");
  });

  it("reads a missing body as {} for an operation that requires one", () => {
    expect(messages({ method: "POST", path: "/repos/o/r/issues/1/sub_issues" })).toEqual([
      "issues/add-sub-issue (POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues): body must have required property 'sub_issue_id'",
    ]);
  });

  it("reports a body field of the wrong type, without converting it", () => {
    expect(
      messages({
        method: "POST",
        path: "/repos/o/r/issues/1/sub_issues",
        body: { sub_issue_id: "12" },
      }),
    ).toEqual([
      'issues/add-sub-issue (POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues): body.sub_issue_id must be integer (got "12")',
    ]);
  });

  it("reports a body value outside its enum, with the allowed values", () => {
    expect(
      messages({ method: "PUT", path: "/repos/o/r/pulls/1/merge", body: { merge_method: "fast" } }),
    ).toEqual([
      'pulls/merge (PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge): body.merge_method must be one of "merge", "squash", "rebase" (got "fast")',
    ]);
  });

  it("names nested fields, and properties a closed schema does not allow", () => {
    expect(
      messages({
        method: "POST",
        path: "/repos/o/r/check-runs",
        body: { name: "fanout/security", head_sha: "abc", output: { title: 1 } },
      }),
    ).toEqual([
      "checks/create (POST /repos/{owner}/{repo}/check-runs): body.output must have required property 'summary'",
      "checks/create (POST /repos/{owner}/{repo}/check-runs): body.output.title must be string (got 1)",
    ]);
    expect(
      messages({
        method: "PATCH",
        path: "/repos/o/r/hooks/1/config",
        body: { url: "https://example.com/hook", events: ["push"] },
      }),
    ).toEqual([
      "repos/update-webhook-config-for-repo (PATCH /repos/{owner}/{repo}/hooks/{hook_id}/config): body must not have property 'events' (the schema allows no others)",
    ]);
  });

  it("reports invalid and unknown query parameters, converting URL strings first", () => {
    expect(
      messages({
        method: "GET",
        path: "/repos/o/r/issues",
        query: new URLSearchParams("state=bogus&per_page=ten&per_page_typo=1"),
      }),
    ).toEqual([
      "issues/list-for-repo (GET /repos/{owner}/{repo}/issues): query.per_page_typo is not a query parameter of this operation (it takes milestone, state, assignee, type, creator, mentioned, issue_field_values, labels, sort, direction, since, per_page, page)",
      'issues/list-for-repo (GET /repos/{owner}/{repo}/issues): query.state must be one of "open", "closed", "all" (got "bogus")',
      'issues/list-for-repo (GET /repos/{owner}/{repo}/issues): query.per_page must be integer (got "ten")',
    ]);
  });

  it("reports a path parameter that does not fit its schema", () => {
    expect(messages({ method: "GET", path: "/repos/o/r/issues/first" })).toEqual([
      'issues/get (GET /repos/{owner}/{repo}/issues/{issue_number}): path.issue_number must be integer (got "first")',
    ]);
  });

  it("reports a body sent to an operation that takes none", () => {
    expect(messages({ method: "PUT", path: "/user/starred/o/r", body: { star: true } })).toEqual([
      "activity/star-repo-for-authenticated-user (PUT /user/starred/{owner}/{repo}): body was sent, but this operation takes no request body",
    ]);
  });

  it("throws every violation at once from assertValidRequest", () => {
    expect(() =>
      assertValidRequest({
        method: "GET",
        path: "/repos/o/r/issues",
        query: { state: "bogus", direction: "up" },
      }),
    ).toThrow(/query\.state must be one of[\s\S]*\nissues\/list-for-repo .*query\.direction/);
  });
});

describe("checkRequest: requests GitHub takes", () => {
  it.each([
    {
      name: "a workflow dispatch asking for the run's details",
      method: "POST",
      path: "/repos/o/r/actions/workflows/fanout-executor.yml/dispatches",
      body: { ref: "main", inputs: { task: "1" }, return_run_details: true },
    },
    {
      name: "a blocked-by dependency",
      method: "POST",
      path: "/repos/o/r/issues/3/dependencies/blocked_by",
      body: { issue_id: 1234 },
    },
    {
      name: "a sub-issue",
      method: "POST",
      path: "/repos/o/r/issues/1/sub_issues",
      body: { sub_issue_id: 12 },
    },
    {
      name: "a file path sent as %2F",
      method: "GET",
      path: "/repos/o/r/contents/.github%2Ffanout.yml",
    },
    {
      name: "a file path with plain /",
      method: "GET",
      path: "/repos/o/r/contents/.github/fanout.yml",
    },
    { name: "a ref with a slash", method: "GET", path: "/repos/o/r/git/ref/heads/main" },
    {
      name: "a ref update with a slash",
      method: "PATCH",
      path: "/repos/o/r/git/refs/heads/fanout/task-1",
      body: { sha: "0123456789abcdef0123456789abcdef01234567", force: false },
    },
    {
      name: "a listing with typed query parameters",
      method: "GET",
      path: "/repos/o/r/issues",
      query: { state: "all", per_page: 100, labels: "agent:parallel" },
    },
    {
      name: "nulls where the description says nullable (enum and $ref alike)",
      method: "PATCH",
      path: "/repos/o/r/issues/1",
      body: { state: "closed", state_reason: null, milestone: null },
    },
    {
      name: "a merge without options (Octokit sends no body)",
      method: "PUT",
      path: "/repos/o/r/pulls/1/merge",
    },
    { name: "HEAD where GET is described", method: "HEAD", path: "/repos/o/r" },
    {
      name: "a raw-text body to an operation that takes text",
      method: "POST",
      path: "/markdown/raw",
      body: "# hello",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    },
  ])("accepts $name", ({ name: _name, ...request }) => {
    expect(messages(request)).toEqual([]);
  });
});

describe("checkRequest: path matching", () => {
  it("prefers literal segments over parameters", () => {
    expect(checkRequest({ method: "DELETE", path: "/repos/o/r/issues/comments/5" })).toEqual([]);
    expect(messages({ method: "PATCH", path: "/repos/o/r/issues/comments/5", body: {} })).toEqual([
      "issues/update-comment (PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}): body must have required property 'body'",
    ]);
  });

  it("prefers a longer template over a greedy parameter swallowing its tail", () => {
    expect(
      messages({ method: "PUT", path: "/repos/o/r/branches/main/protection", body: {} })[0],
    ).toMatch(
      /^repos\/update-branch-protection \(PUT \/repos\/\{owner\}\/\{repo\}\/branches\/\{branch\}\/protection\)/,
    );
  });

  it("does not let a single-segment parameter take a slash", () => {
    expect(messages({ method: "GET", path: "/repos/o/r/issues/1/2" })).toEqual([
      "GET /repos/o/r/issues/1/2: no operation in GitHub's REST API has this path",
    ]);
  });
});
