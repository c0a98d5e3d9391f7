import { describe, expect, it } from "vitest";
import { checkWebhookPayload } from "../fakes/webhooks/check-webhook-payload.ts";
import * as builders from "../fakes/webhooks/payload-builders.ts";
import {
  botUser,
  checkRunEvent,
  humanUser,
  INSTALLATION_ID,
  issueCommentCreated,
  issueLabeled,
  pullRequestClosed,
  subIssueAdded,
  workflowRunEvent,
} from "../fakes/webhooks/payload-builders.ts";
import { INSTALLATION_ID as HELPER_INSTALLATION_ID } from "../helpers/issue-labeled.ts";

type Built = { name: string; payload: object };

const human = humanUser("octo-dev");
const bot = botUser("fanout");
const sha = "0123456789abcdef0123456789abcdef01234567";
const link = { parent: { number: 10 }, subIssue: { number: 11, title: "Add the parser" } };

/** Every builder, with every action it takes, sent by a human and by a bot. */
const examples: Record<string, (sender: builders.WebhookUser) => Built[]> = {
  issueLabeled: (sender) => [
    issueLabeled({ label: "agent:parallel", sender }),
    issueLabeled({ label: "bug", sender, issue: { number: 7, labels: ["ui"], body: null } }),
  ],
  issueCommentCreated: (sender) => [
    issueCommentCreated({ body: "/status", sender }),
    issueCommentCreated({ body: "/escalate opus", sender, onPullRequest: true, issueNumber: 12 }),
  ],
  pullRequestOpened: (sender) => [
    builders.pullRequestOpened({ number: 12, headRef: "fanout/10-parser", sender }),
    builders.pullRequestOpened({
      number: 13,
      headRef: "x",
      draft: true,
      labels: ["fanout"],
      sender,
    }),
  ],
  pullRequestClosed: (sender) => [
    pullRequestClosed({ merged: true, number: 12, headRef: "fanout/10-parser", sender }),
    pullRequestClosed({ merged: false, number: 12, headRef: "fanout/10-parser", sender }),
  ],
  workflowRunEvent: (sender) =>
    (["requested", "in_progress", "completed"] as const).map((action) =>
      workflowRunEvent(action, { id: 901, name: "fanout executor", headBranch: "main", sender }),
    ),
  workflowJobEvent: (sender) =>
    (["queued", "in_progress", "completed", "waiting"] as const).map((action) =>
      builders.workflowJobEvent(action, {
        id: 77,
        runId: 901,
        name: "execute",
        headBranch: "fanout/10-parser",
        sender,
      }),
    ),
  checkRunEvent: (sender) =>
    (["created", "completed", "rerequested", "requested_action"] as const).map((action) =>
      checkRunEvent(action, {
        id: 5001,
        name: "fanout/security",
        headSha: sha,
        pullRequests: [{ number: 12, headRef: "fanout/10-parser", headSha: sha }],
        sender,
      }),
    ),
  subIssuesEvent: (sender) =>
    (
      [
        "sub_issue_added",
        "sub_issue_removed",
        "parent_issue_added",
        "parent_issue_removed",
      ] as const
    ).map((action) => builders.subIssuesEvent(action, { ...link, sender })),
  subIssueAdded: (sender) => [subIssueAdded({ ...link, sender })],
  parentIssueAdded: (sender) => [builders.parentIssueAdded({ ...link, sender })],
};

const notBuilders = new Set(["botUser", "humanUser", "installationRef", "issueIdFor"]);

describe("payload builders", () => {
  it("have an example here for every builder the module exports", () => {
    const exported = Object.entries(builders)
      .filter(([name, value]) => typeof value === "function" && !notBuilders.has(name))
      .map(([name]) => name);

    expect(Object.keys(examples).sort()).toEqual(exported.sort());
  });

  for (const [builder, build] of Object.entries(examples)) {
    it(`${builder} builds payloads GitHub's webhook schema accepts`, () => {
      for (const sender of [human, bot]) {
        for (const { name, payload } of build(sender)) {
          expect(checkWebhookPayload(name, payload), `${builder} as ${sender.login}`).toEqual([]);
          expect(payload).toMatchObject({ sender, installation: { id: INSTALLATION_ID } });
        }
      }
    });
  }

  it("use the installation the older helpers use, with GitHub's node id for it", () => {
    const { payload } = issueLabeled({ label: "agent:parallel", sender: human });

    expect(INSTALLATION_ID).toBe(HELPER_INSTALLATION_ID);
    expect(payload.installation).toEqual({
      id: 4242,
      node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==",
    });
  });

  it("make bots look like GitHub shows them", () => {
    expect(bot).toMatchObject({
      login: "fanout[bot]",
      type: "Bot",
      html_url: "https://github.com/apps/fanout",
      url: "https://api.github.com/users/fanout%5Bbot%5D",
    });
    expect(human).toMatchObject({ login: "octo-dev", type: "User" });
  });

  it("put the added label on the issue as well, as GitHub does", () => {
    const { payload } = issueLabeled({
      label: "agent:parallel",
      sender: human,
      issue: { number: 3, labels: ["bug"] },
    });

    expect(payload.label?.name).toBe("agent:parallel");
    expect(payload.issue.labels?.map((label) => label.name)).toEqual(["bug", "agent:parallel"]);
    expect(payload.issue.url).toBe("https://api.github.com/repos/Codertocat/Hello-World/issues/3");
  });

  it("move every address and id into the repository a test names", () => {
    const { payload } = workflowRunEvent("completed", {
      id: 901,
      name: "fanout executor",
      headBranch: "fanout/10-parser",
      repository: { owner: "acme", name: "widgets", id: 5 },
    });
    const body = JSON.stringify(payload);

    // GitHub's example run lives in octo-org/octo-repo, as run 289782451.
    expect(body).not.toMatch(/octo-org|octo-repo|289782451/);
    expect(payload.repository).toMatchObject({ id: 5, full_name: "acme/widgets" });
    expect(payload.workflow_run.head_repository).toMatchObject({
      id: 5,
      full_name: "acme/widgets",
    });
    expect(payload.workflow_run.url).toBe(
      "https://api.github.com/repos/acme/widgets/actions/runs/901",
    );
    expect(payload.workflow_run).toMatchObject({ conclusion: "success", status: "completed" });
  });

  it("mark a comment on a pull request the way GitHub does", () => {
    const { payload } = issueCommentCreated({
      body: "/escalate",
      sender: human,
      onPullRequest: true,
      issueNumber: 12,
    });

    expect(payload.issue.number).toBe(12);
    expect(payload.issue.pull_request?.url).toBe(
      "https://api.github.com/repos/Codertocat/Hello-World/pulls/12",
    );
    expect(payload.comment).toMatchObject({ body: "/escalate", user: human });
    expect(payload.comment.issue_url).toBe(
      "https://api.github.com/repos/Codertocat/Hello-World/issues/12",
    );
  });

  it("record a merge with its merger and merge commit", () => {
    const { payload } = pullRequestClosed({
      merged: true,
      number: 12,
      headRef: "fanout/10-parser",
      mergeCommitSha: sha,
      sender: bot,
    });

    expect(payload.pull_request).toMatchObject({
      merged: true,
      merged_by: bot,
      merge_commit_sha: sha,
      head: { ref: "fanout/10-parser" },
      base: { ref: "main" },
    });
  });

  it("link a sub-issue to its parent by database id", () => {
    const { payload } = subIssueAdded({
      parent: { number: 10, id: 9010 },
      subIssue: { number: 11 },
    });

    expect(payload).toMatchObject({
      parent_issue_id: 9010,
      parent_issue: { number: 10, id: 9010 },
      sub_issue: { number: 11, parent_issue_url: expect.stringMatching(/\/issues\/10$/) },
    });
    expect(payload.sub_issue_id).toBe(payload.sub_issue.id);
  });
});
