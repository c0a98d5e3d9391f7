import { describe, expect, it } from "vitest";
import { checkResponse } from "../fakes/openapi/check-response.ts";

const API = "https://api.github.com";

function simpleUser(login: string, id: number) {
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    gravatar_id: null,
    url: `${API}/users/${login}`,
    html_url: `https://github.com/${login}`,
    followers_url: `${API}/users/${login}/followers`,
    following_url: `${API}/users/${login}/following{/other_user}`,
    gists_url: `${API}/users/${login}/gists{/gist_id}`,
    starred_url: `${API}/users/${login}/starred{/owner}{/repo}`,
    subscriptions_url: `${API}/users/${login}/subscriptions`,
    organizations_url: `${API}/users/${login}/orgs`,
    repos_url: `${API}/users/${login}/repos`,
    events_url: `${API}/users/${login}/events{/privacy}`,
    received_events_url: `${API}/users/${login}/received_events`,
    type: "User",
    site_admin: false,
  };
}

/** An issue with exactly the fields the `issue` schema requires. */
function minimalIssue(): Record<string, unknown> {
  const url = `${API}/repos/o/r/issues/7`;
  return {
    id: 1007,
    node_id: "I_7",
    url,
    repository_url: `${API}/repos/o/r`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: "https://github.com/o/r/issues/7",
    number: 7,
    state: "open",
    title: "Add a health endpoint",
    user: simpleUser("octocat", 1),
    labels: [],
    assignee: null,
    milestone: null,
    locked: false,
    comments: 0,
    closed_at: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

const getIssue = { method: "GET", path: "/repos/o/r/issues/7" };

describe("checkResponse", () => {
  it("accepts a minimal but complete issue", () => {
    expect(checkResponse(getIssue, 200, minimalIssue())).toEqual([]);
  });

  it("reports an issue without a required field, naming it", () => {
    const { number: _number, ...issue } = minimalIssue();
    expect(checkResponse(getIssue, 200, issue)).toEqual([
      {
        message:
          "issues/get (GET /repos/{owner}/{repo}/issues/{issue_number}): response must have required property 'number'",
        operationId: "issues/get",
      },
    ]);
  });

  it("reports nested fields of the wrong type", () => {
    const issue = { ...minimalIssue(), user: { ...simpleUser("octocat", 1), id: "1" } };
    expect(checkResponse(getIssue, 200, issue).map((v) => v.message)).toEqual([
      'issues/get (GET /repos/{owner}/{repo}/issues/{issue_number}): response.user.id must be integer (got "1")',
    ]);
  });

  it("reports a status the operation does not give", () => {
    expect(checkResponse(getIssue, 201, minimalIssue()).map((v) => v.message)).toEqual([
      "issues/get (GET /repos/{owner}/{repo}/issues/{issue_number}): status 201 is not a response it can give (it lists 200, 301, 304, 404, 410)",
    ]);
  });

  it("checks a described error body, and accepts generic errors the operation does not list", () => {
    expect(checkResponse(getIssue, 404, { message: "Not Found", documentation_url: "x" })).toEqual(
      [],
    );
    expect(checkResponse(getIssue, 404, { message: 404 }).map((v) => v.message)).toEqual([
      "issues/get (GET /repos/{owner}/{repo}/issues/{issue_number}): response.message must be string (got 404)",
    ]);
    expect(checkResponse(getIssue, 503, "upstream down")).toEqual([]);
  });

  it("reports a body on a response described without one", () => {
    const deleteComment = { method: "DELETE", path: "/repos/o/r/issues/comments/5" };
    expect(checkResponse(deleteComment, 204, undefined)).toEqual([]);
    expect(checkResponse(deleteComment, 204, { ok: true }).map((v) => v.message)).toEqual([
      "issues/delete-comment (DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}): the 204 response has no body, but one was sent",
    ]);
  });

  it("skips the body of a non-JSON media type, such as a raw file", () => {
    const getContent = { method: "GET", path: "/repos/o/r/contents/.github/fanout.yml" };
    expect(
      checkResponse(getContent, 200, "merge: { method: squash }\n", {
        contentType: "application/vnd.github.raw",
      }),
    ).toEqual([]);
    expect(checkResponse(getContent, 200, "merge: { method: squash }\n")).not.toEqual([]);
  });

  it("reports a request no operation takes", () => {
    expect(
      checkResponse({ method: "DELETE", path: "/repos/o/r/issues/7" }, 204, undefined),
    ).toEqual([
      {
        message: "DELETE /repos/o/r/issues/7: no operation in GitHub's REST API takes this request",
      },
    ]);
  });
});
