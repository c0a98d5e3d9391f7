import { describe, expect, it } from "vitest";
import { closeSimsAfterEach, REPO, startSim, statusOf } from "./sim-test-kit.ts";

// Issues, labels, comments, reactions, sub-issues and dependencies: the issue-side API.
closeSimsAfterEach();

const hooks = (sim: { emitted: { name: string; action: string | undefined }[] }) =>
  sim.emitted.map((webhook) => `${webhook.name}.${webhook.action}`);

describe("issues", () => {
  it("creates, reads, lists and updates issues, sending the webhooks GitHub sends", async () => {
    const { sim, octokit } = await startSim();

    const created = await octokit.rest.issues.create({
      ...REPO,
      title: "Add search",
      body: "Please",
      labels: ["agent:parallel"],
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      title: "Add search",
      state: "open",
      user: { login: "fanout[bot]", type: "Bot" },
      labels: [expect.objectContaining({ name: "agent:parallel" })],
    });
    expect(created.data.id).not.toBe(created.data.number);

    await octokit.rest.issues.create({ ...REPO, title: "Second" });
    const closed = await octokit.rest.issues.update({
      ...REPO,
      issue_number: 2,
      state: "closed",
      state_reason: "not_planned",
    });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(closed.data.closed_at).toEqual(expect.any(String));
    const edited = await octokit.rest.issues.update({
      ...REPO,
      issue_number: 1,
      title: "Add fast search",
    });
    expect(edited.data.title).toBe("Add fast search");

    const open = await octokit.rest.issues.listForRepo(REPO);
    expect(open.data.map((issue) => issue.number)).toEqual([1]);
    const labeled = await octokit.rest.issues.listForRepo({
      ...REPO,
      state: "all",
      labels: "agent:parallel",
    });
    expect(labeled.data.map((issue) => issue.number)).toEqual([1]);
    const all = await octokit.rest.issues.listForRepo({ ...REPO, state: "all", direction: "asc" });
    expect(all.data.map((issue) => issue.number)).toEqual([1, 2]);

    expect((await octokit.rest.issues.get({ ...REPO, issue_number: 1 })).data.title).toBe(
      "Add fast search",
    );
    expect(await statusOf(octokit.rest.issues.get({ ...REPO, issue_number: 99 }))).toBe(404);
    expect(
      await statusOf(
        octokit.rest.issues.get({ owner: "octo-org", repo: "other", issue_number: 1 }),
      ),
    ).toBe(404);
    expect(sim.issue(2)?.state).toBe("closed");
    expect(hooks(sim)).toEqual([
      "issues.opened",
      "issues.labeled",
      "issues.opened",
      "issues.closed",
      "issues.edited",
    ]);
    expect(sim.emitted[4]?.payload).toMatchObject({
      changes: { title: { from: "Add search" } },
      installation: { id: 4242 },
      sender: { login: "fanout[bot]" },
    });
  });

  it("pages through issues with the Link header Octokit follows", async () => {
    const { sim, octokit } = await startSim();
    for (let n = 1; n <= 5; n++) await sim.createIssue({ title: `Issue ${n}` });
    const first = await octokit.rest.issues.listForRepo({ ...REPO, per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
    const every = await octokit.paginate(octokit.rest.issues.listForRepo, { ...REPO, per_page: 2 });
    expect(every.map((issue) => issue.number).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("labels", () => {
  it("creates repository labels and adds and removes them on issues", async () => {
    const { sim, octokit } = await startSim();
    const created = await octokit.rest.issues.createLabel({
      ...REPO,
      name: "fanout:task",
      color: "0e8a16",
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: "fanout:task", color: "0e8a16", default: false });
    expect(
      await statusOf(
        octokit.rest.issues.createLabel({ ...REPO, name: "fanout:task", color: "000000" }),
      ),
    ).toBe(422);
    expect((await octokit.rest.issues.getLabel({ ...REPO, name: "fanout:task" })).data.name).toBe(
      "fanout:task",
    );
    expect(await statusOf(octokit.rest.issues.getLabel({ ...REPO, name: "missing" }))).toBe(404);

    const issue = await sim.createIssue({ title: "Plan me" });
    const added = await octokit.rest.issues.addLabels({
      ...REPO,
      issue_number: issue.number,
      labels: ["fanout:task", "agent:parallel"],
    });
    expect(added.data.map((label) => label.name)).toEqual(["fanout:task", "agent:parallel"]);
    const removed = await octokit.rest.issues.removeLabel({
      ...REPO,
      issue_number: issue.number,
      name: "agent:parallel",
    });
    expect(removed.data.map((label) => label.name)).toEqual(["fanout:task"]);
    expect(
      await statusOf(
        octokit.rest.issues.removeLabel({ ...REPO, issue_number: issue.number, name: "nope" }),
      ),
    ).toBe(404);

    const listed = await octokit.rest.issues.listLabelsForRepo(REPO);
    expect(listed.data.map((label) => label.name).sort()).toEqual([
      "agent:parallel",
      "fanout:task",
    ]);
    expect(sim.issue(issue.number)?.labels).toEqual([
      expect.objectContaining({ name: "fanout:task" }),
    ]);
    expect(hooks(sim)).toEqual([
      "issues.opened",
      "issues.labeled",
      "issues.labeled",
      "issues.unlabeled",
    ]);
    expect(sim.emitted[3]?.payload).toMatchObject({ label: { name: "agent:parallel" } });
  });

  it("sends a human's label through the seeding helper, as the trigger webhook", async () => {
    const { sim } = await startSim({ collaborators: { alice: "write" } });
    const issue = await sim.createIssue({ title: "Do it", user: "alice" });
    await sim.addLabels(issue.number, ["agent:parallel"], { user: "alice" });
    const labeled = sim.emitted.at(-1);
    expect(labeled?.name).toBe("issues");
    expect(labeled?.payload).toMatchObject({
      action: "labeled",
      label: { name: "agent:parallel" },
      sender: { login: "alice", type: "User" },
      issue: { number: issue.number, author_association: "COLLABORATOR" },
    });
  });
});

describe("comments and reactions", () => {
  it("creates, lists, reads and edits comments in place", async () => {
    const { sim, octokit } = await startSim();
    const issue = await sim.createIssue({ title: "Track me" });
    const comment = await octokit.rest.issues.createComment({
      ...REPO,
      issue_number: issue.number,
      body: "planning…",
    });
    expect(comment.status).toBe(201);
    expect(comment.data).toMatchObject({ body: "planning…", user: { login: "fanout[bot]" } });

    const updated = await octokit.rest.issues.updateComment({
      ...REPO,
      comment_id: comment.data.id,
      body: "planned",
    });
    expect(updated.data.body).toBe("planned");
    const fetched = await octokit.rest.issues.getComment({ ...REPO, comment_id: comment.data.id });
    expect(fetched.data.body).toBe("planned");
    const listed = await octokit.rest.issues.listComments({ ...REPO, issue_number: issue.number });
    expect(listed.data.map((c) => c.body)).toEqual(["planned"]);
    expect(
      (await octokit.rest.issues.get({ ...REPO, issue_number: issue.number })).data.comments,
    ).toBe(1);
    expect(await statusOf(octokit.rest.issues.getComment({ ...REPO, comment_id: issue.id }))).toBe(
      404,
    );

    expect(sim.comments(issue.number).map((c) => c.body)).toEqual(["planned"]);
    expect(hooks(sim)).toEqual(["issues.opened", "issue_comment.created", "issue_comment.edited"]);
    expect(sim.emitted[2]?.payload).toMatchObject({ changes: { body: { from: "planning…" } } });
  });

  it("adds reactions to issues and comments, once per user and content", async () => {
    const { sim, octokit } = await startSim();
    const issue = await sim.createIssue({ title: "React" });
    const comment = await sim.createComment(issue.number, "/escalate", { user: "alice" });

    const first = await octokit.rest.reactions.createForIssue({
      ...REPO,
      issue_number: issue.number,
      content: "eyes",
    });
    expect(first.status).toBe(201);
    const again = await octokit.rest.reactions.createForIssue({
      ...REPO,
      issue_number: issue.number,
      content: "eyes",
    });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(first.data.id);
    const onComment = await octokit.rest.reactions.createForIssueComment({
      ...REPO,
      comment_id: comment.id,
      content: "+1",
    });
    expect(onComment.data).toMatchObject({ content: "+1", user: { login: "fanout[bot]" } });

    const listed = await octokit.rest.reactions.listForIssue({
      ...REPO,
      issue_number: issue.number,
    });
    expect(listed.data.map((reaction) => reaction.content)).toEqual(["eyes"]);
    expect(
      (await octokit.rest.issues.get({ ...REPO, issue_number: issue.number })).data.reactions,
    ).toMatchObject({
      total_count: 1,
      eyes: 1,
    });
    expect(sim.reactions({ comment: comment.id }).map((reaction) => reaction.content)).toEqual([
      "+1",
    ]);
  });
});

describe("sub-issues", () => {
  it("links a sub-issue by its id and reports the link from both sides", async () => {
    const { sim, octokit } = await startSim();
    const parent = await sim.createIssue({ title: "Parent" });
    const child = await sim.createIssue({ title: "Task A" });
    const before = sim.emitted.length;

    const added = await octokit.rest.issues.addSubIssue({
      ...REPO,
      issue_number: parent.number,
      sub_issue_id: child.id,
    });
    expect(added.status).toBe(201);
    expect(added.data.number).toBe(child.number);

    const listed = await octokit.rest.issues.listSubIssues({
      ...REPO,
      issue_number: parent.number,
    });
    expect(listed.data.map((issue) => issue.number)).toEqual([child.number]);
    const parentOf = await octokit.rest.issues.getParent({ ...REPO, issue_number: child.number });
    expect(parentOf.data.number).toBe(parent.number);
    const summary = (await octokit.rest.issues.get({ ...REPO, issue_number: parent.number })).data
      .sub_issues_summary;
    expect(summary).toEqual({ total: 1, completed: 0, percent_completed: 0 });
    expect(
      await statusOf(octokit.rest.issues.getParent({ ...REPO, issue_number: parent.number })),
    ).toBe(404);

    expect(sim.subIssues(parent.number)).toEqual([child.number]);
    expect(sim.parentOf(child.number)).toBe(parent.number);
    const linkHooks = sim.emitted.slice(before);
    expect(linkHooks.map((w) => `${w.name}.${w.action}`)).toEqual([
      "sub_issues.sub_issue_added",
      "sub_issues.parent_issue_added",
    ]);
    expect(linkHooks[0]?.payload).toMatchObject({
      sub_issue_id: child.id,
      parent_issue_id: parent.id,
    });
  });

  it("rejects an issue number where the API wants the id, and links nothing", async () => {
    const { sim, octokit } = await startSim();
    const parent = await sim.createIssue({ title: "Parent" });
    const child = await sim.createIssue({ title: "Task A" });
    const status = await statusOf(
      octokit.rest.issues.addSubIssue({
        ...REPO,
        issue_number: parent.number,
        sub_issue_id: child.number,
      }),
    );
    expect(status).toBe(422);
    expect(sim.subIssues(parent.number)).toEqual([]);
  });

  it("keeps one parent per issue unless replace_parent, and unlinks on remove", async () => {
    const { sim, octokit } = await startSim();
    const first = await sim.createIssue({ title: "First parent" });
    const second = await sim.createIssue({ title: "Second parent" });
    const child = await sim.createIssue({ title: "Task" });
    await octokit.rest.issues.addSubIssue({
      ...REPO,
      issue_number: first.number,
      sub_issue_id: child.id,
    });
    expect(
      await statusOf(
        octokit.rest.issues.addSubIssue({
          ...REPO,
          issue_number: second.number,
          sub_issue_id: child.id,
        }),
      ),
    ).toBe(422);
    await octokit.rest.issues.addSubIssue({
      ...REPO,
      issue_number: second.number,
      sub_issue_id: child.id,
      replace_parent: true,
    });
    expect(sim.parentOf(child.number)).toBe(second.number);
    expect(sim.subIssues(first.number)).toEqual([]);

    const removed = await octokit.rest.issues.removeSubIssue({
      ...REPO,
      issue_number: second.number,
      sub_issue_id: child.id,
    });
    expect(removed.data.number).toBe(child.number);
    expect(sim.parentOf(child.number)).toBeUndefined();
  });
});

describe("issue dependencies", () => {
  it("records blocked_by by issue id and lists both directions", async () => {
    const { sim, octokit } = await startSim();
    const a = await sim.createIssue({ title: "A" });
    const b = await sim.createIssue({ title: "B" });
    const c = await sim.createIssue({ title: "C" });

    const added = await octokit.rest.issues.addBlockedByDependency({
      ...REPO,
      issue_number: c.number,
      issue_id: a.id,
    });
    expect(added.status).toBe(201);
    await octokit.rest.issues.addBlockedByDependency({
      ...REPO,
      issue_number: c.number,
      issue_id: b.id,
    });

    const blockers = await octokit.rest.issues.listDependenciesBlockedBy({
      ...REPO,
      issue_number: c.number,
    });
    expect(blockers.data.map((issue) => issue.number)).toEqual([a.number, b.number]);
    const blocking = await octokit.rest.issues.listDependenciesBlocking({
      ...REPO,
      issue_number: a.number,
    });
    expect(blocking.data.map((issue) => issue.number)).toEqual([c.number]);
    expect(
      (await octokit.rest.issues.get({ ...REPO, issue_number: c.number })).data
        .issue_dependencies_summary,
    ).toEqual({
      blocked_by: 2,
      blocking: 0,
      total_blocked_by: 2,
      total_blocking: 0,
    });

    // By number instead of id, and a cycle: both refused.
    expect(
      await statusOf(
        octokit.rest.issues.addBlockedByDependency({
          ...REPO,
          issue_number: b.number,
          issue_id: a.number,
        }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        octokit.rest.issues.addBlockedByDependency({
          ...REPO,
          issue_number: a.number,
          issue_id: c.id,
        }),
      ),
    ).toBe(422);

    const removed = await octokit.rest.issues.removeDependencyBlockedBy({
      ...REPO,
      issue_number: c.number,
      issue_id: a.id,
    });
    expect(removed.status).toBe(200);
    expect(sim.blockedBy(c.number)).toEqual([b.number]);
    expect(sim.blocking(b.number)).toEqual([c.number]);
  });
});
