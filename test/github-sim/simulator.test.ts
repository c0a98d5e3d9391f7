import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { startAppHarness } from "../fakes/webhooks/app-harness.ts";
import { closeSimsAfterEach, octokitFor, REPO, startSim, statusOf } from "./sim-test-kit.ts";

// Permissions and authentication, strictness, fault injection and webhook delivery.
closeSimsAfterEach();

describe("collaborator permission", () => {
  it("answers permission and role_name like GitHub, none for people without access", async () => {
    const { sim, octokit } = await startSim({
      collaborators: { ada: "admin", max: "maintain", wes: "write", tri: "triage", rea: "read" },
    });
    const ask = async (username: string) => {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        ...REPO,
        username,
      });
      return [data.permission, data.role_name];
    };
    expect(await ask("ada")).toEqual(["admin", "admin"]);
    expect(await ask("max")).toEqual(["write", "maintain"]);
    expect(await ask("wes")).toEqual(["write", "write"]);
    expect(await ask("tri")).toEqual(["read", "triage"]);
    expect(await ask("rea")).toEqual(["read", "read"]);
    expect(await ask("stranger")).toEqual(["none", "none"]);

    sim.setPermission("stranger", "write");
    expect(await ask("stranger")).toEqual(["write", "write"]);
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...REPO,
      username: "wes",
    });
    expect(data.user).toMatchObject({ login: "wes", permissions: { push: true, admin: false } });
  });

  it("gives everyone read on a public repository", async () => {
    const { octokit } = await startSim({ private: false });
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      ...REPO,
      username: "anyone",
    });
    expect(data.permission).toBe("read");
  });
});

describe("authentication", () => {
  it("trades a well-formed app JWT for an installation token that then authenticates", async () => {
    const { sim } = await startSim();
    const jwt = [
      { alg: "RS256", typ: "JWT" },
      { iss: 1, iat: 0, exp: 600 },
    ]
      .map((part) => Buffer.from(JSON.stringify(part)).toString("base64url"))
      .concat("c2lnbmF0dXJl")
      .join(".");
    const appOctokit = octokitFor(sim, jwt);
    const { data, status } = await appOctokit.rest.apps.createInstallationAccessToken({
      installation_id: 4242,
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      token: expect.stringMatching(/^ghs_/),
      repository_selection: "selected",
    });
    expect(data.permissions).toMatchObject({ issues: "write", pull_requests: "write" });

    const repo = await octokitFor(sim, data.token).rest.repos.get(REPO);
    expect(repo.data).toMatchObject({
      full_name: "octo-org/widgets",
      default_branch: "main",
      private: true,
    });
    expect(
      await statusOf(appOctokit.rest.apps.createInstallationAccessToken({ installation_id: 1 })),
    ).toBe(404);
    expect(
      await statusOf(
        octokitFor(sim, "not-a-jwt").rest.apps.createInstallationAccessToken({
          installation_id: 4242,
        }),
      ),
    ).toBe(401);
  });

  it("refuses API calls without an issued token", async () => {
    const { sim } = await startSim();
    expect(await statusOf(octokitFor(sim, "ghs_made_up").rest.repos.get(REPO))).toBe(401);
    expect(await statusOf(octokitFor(sim, "").rest.repos.get(REPO))).toBe(401);
  });
});

describe("strictness", () => {
  it("answers a request GitHub would reject with 422 and records the violation", async () => {
    const { sim, octokit } = await startSim();
    const issue = await sim.createIssue({ title: "Parent" });
    const status = await statusOf(
      octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
        ...REPO,
        issue_number: issue.number,
        sub_issue_id: String(issue.id) as unknown as number,
      }),
    );
    expect(status).toBe(422);
    expect(sim.violations.map((v) => v.message)).toEqual([
      expect.stringContaining("body.sub_issue_id must be integer"),
    ]);
    sim.violations.length = 0;
  });

  it("answers unknown routes 404 and lists them as unhandled", async () => {
    const { sim, octokit } = await startSim();
    const status = await statusOf(octokit.request("GET /repos/{owner}/{repo}/stargazers", REPO));
    expect(status).toBe(404);
    expect(sim.unhandled).toEqual([{ method: "GET", path: "/repos/octo-org/widgets/stargazers" }]);
    const logged = sim.requests.at(-1);
    expect(logged).toMatchObject({ method: "GET", status: 404 });
    sim.unhandled.length = 0;
  });
});

describe("fault injection", () => {
  it("fails the next matching requests with a server error, then answers normally", async () => {
    const { sim, octokit } = await startSim();
    sim.injectFault({
      method: "POST",
      path: "/repos/{owner}/{repo}/issues",
      status: 502,
      times: 2,
    });
    sim.injectFault({ path: "/repos/{owner}/{repo}/issues/{issue_number}", status: 503 });

    expect(await statusOf(octokit.rest.issues.create({ ...REPO, title: "x" }))).toBe(502);
    expect(await statusOf(octokit.rest.issues.create({ ...REPO, title: "x" }))).toBe(502);
    const created = await octokit.rest.issues.create({ ...REPO, title: "x" });
    expect(created.status).toBe(201);
    expect(sim.issues()).toHaveLength(1);

    expect(await statusOf(octokit.rest.issues.get({ ...REPO, issue_number: 1 }))).toBe(503);
    expect((await octokit.rest.issues.get({ ...REPO, issue_number: 1 })).status).toBe(200);
    expect(sim.requests.map((r) => [r.method, r.status, r.fault])).toEqual([
      ["POST", 502, "status"],
      ["POST", 502, "status"],
      ["POST", 201, undefined],
      ["GET", 503, "status"],
      ["GET", 200, undefined],
    ]);
  });

  it("answers 500 with GitHub's body when no body is given, after letting some through", async () => {
    const { sim, octokit } = await startSim();
    sim.injectFault({ path: "/repos/{owner}/{repo}", status: 500, after: 1 });
    expect((await octokit.rest.repos.get(REPO)).status).toBe(200);
    const error = await octokit.rest.repos
      .get(REPO)
      .catch((e: { status: number; response: { data: unknown } }) => e);
    expect(error).toMatchObject({ status: 500, response: { data: { message: "Server Error" } } });
    expect(sim.requests.at(-1)).toMatchObject({ status: 500, fault: "status" });
  });

  it("answers a secondary rate limit with its retry-after header", async () => {
    const { sim, octokit } = await startSim();
    sim.injectFault({
      method: "POST",
      path: /\/issues\/\d+\/comments$/,
      status: 403,
      headers: { "retry-after": "1" },
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      },
    });
    const issue = await sim.createIssue({ title: "x" });
    const error = await octokit.rest.issues
      .createComment({ ...REPO, issue_number: issue.number, body: "hi" })
      .catch(
        (e: {
          status: number;
          response: { headers: Record<string, string>; data: { message: string } };
        }) => e,
      );
    expect(error).toMatchObject({
      status: 403,
      response: {
        headers: { "retry-after": "1" },
        data: { message: expect.stringContaining("secondary rate limit") },
      },
    });
    expect(sim.comments()).toEqual([]);
  });

  it("never answers a timed-out request, until the client gives up", async () => {
    const { sim, octokit } = await startSim();
    sim.injectFault({ method: "GET", path: "/repos/{owner}/{repo}", timeout: true });
    const gaveUp = await octokit.rest.repos
      .get({ ...REPO, request: { signal: AbortSignal.timeout(200) } })
      .then(
        () => "answered",
        (error: Error) => error.name,
      );
    expect(gaveUp).not.toBe("answered");
    expect(sim.requests.at(-1)).toMatchObject({ method: "GET", status: null, fault: "timeout" });
    expect((await octokit.rest.repos.get(REPO)).status).toBe(200);
  });

  it("closes while a timed-out request is still held", async () => {
    const { sim, octokit } = await startSim();
    sim.injectFault({ path: "/repos/{owner}/{repo}", timeout: true });
    const pending = octokit.rest.repos.get(REPO).then(
      () => "answered",
      () => "failed",
    );
    await expect.poll(() => sim.requests.length).toBe(1);
    await sim.close();
    expect(await pending).toBe("failed");
  });
});

describe("webhooks to a connected app", () => {
  it("delivers signed webhooks for changes, including those the app's own calls cause", async () => {
    const { sim } = await startSim({ collaborators: { alice: "write" } });
    await sim.createIssue({ title: "Before the app", user: "alice" });

    const received: string[] = [];
    const app = (probot: Probot) => {
      probot.onAny(async (context) => {
        const action = (context.payload as { action?: string }).action;
        received.push(`${context.name}.${action}`);
      });
      probot.on("issues.labeled", async (context) => {
        const { data } = await context.octokit.rest.repos.getCollaboratorPermissionLevel(
          context.repo({ username: context.payload.sender.login }),
        );
        await context.octokit.rest.issues.createComment(
          context.issue({ body: `ok: ${data.permission}` }),
        );
      });
    };
    const harness = await startAppHarness({ app, githubUrl: sim.url });
    try {
      sim.connectApp({ url: harness.url, secret: harness.secret, settled: harness.settled });
      const issue = await sim.createIssue({ title: "Plan this", user: "alice" });
      await sim.addLabels(issue.number, ["agent:parallel"], { user: "alice" });
      // Reading state sends nothing.
      sim.issue(issue.number);
      await sim.flushWebhooks();

      expect(received).toEqual(["issues.opened", "issues.labeled", "issue_comment.created"]);
      expect(sim.comments(issue.number).map((comment) => comment.body)).toEqual(["ok: write"]);
      expect(sim.deliverer?.deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
      expect(sim.emitted.map((webhook) => webhook.delivered)).toEqual([false, true, true, true]);
      expect(sim.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        "POST /app/installations/4242/access_tokens",
        "GET /repos/octo-org/widgets/collaborators/alice/permission",
        "POST /repos/octo-org/widgets/issues/2/comments",
      ]);
    } finally {
      await harness.close();
    }
  });
});
