import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkAndClose, type FanoutWorld, startFanoutWorld } from "../helpers/fanout-world.ts";
import { ISSUE, THREE_TASK_PLAN } from "./planning-fixtures.ts";

let world: FanoutWorld;

beforeEach(async () => {
  world = await startFanoutWorld();
});

afterEach(() => checkAndClose(world));

describe("planning is idempotent", () => {
  it("a redelivered webhook creates nothing twice", async () => {
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: THREE_TASK_PLAN });
    await world.label(parent.number);
    const labeled = world.github.deliverer!.deliveries.find(
      (d) => d.event === "issues" && d.action === "labeled",
    )!;

    await world.github.deliverer!.redeliver(labeled.id);
    await world.github.flushWebhooks();

    expect(world.github.subIssues(parent.number)).toHaveLength(3);
    expect(world.github.issues()).toHaveLength(4);
    expect(world.github.comments(parent.number)).toHaveLength(1);
    expect(world.anthropic.requests).toHaveLength(1);
  });

  it("removing and adding the label again resumes the same run without re-planning", async () => {
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: THREE_TASK_PLAN });
    await world.label(parent.number);

    await world.github.removeLabel(parent.number, "agent:parallel", { user: "octocat" });
    await world.label(parent.number);

    expect(world.github.issues()).toHaveLength(4);
    expect(world.github.comments(parent.number)).toHaveLength(1);
    expect(world.anthropic.requests).toHaveLength(1);
  });

  it("after a crash halfway through, the next event creates only what is missing", async () => {
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: THREE_TASK_PLAN });
    // GitHub fails while linking the second sub-issue: the first is linked, the second exists unlinked.
    world.github.injectFault({
      method: "POST",
      path: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
      status: 500,
      times: 1,
      after: 1,
    });
    await world.github.addLabels(parent.number, ["agent:parallel"], { user: "octocat" });
    await world.github.flushWebhooks();
    const failed = world.github.deliverer!.deliveries.filter((d) => d.status >= 500);
    expect(failed).toHaveLength(1);
    world.github.deliverer!.deliveries.splice(0); // the failure was the point; assertClean checks the rest
    expect(world.github.issues()).toHaveLength(3);

    await world.github.removeLabel(parent.number, "agent:parallel", { user: "octocat" });
    await world.label(parent.number);

    expect(world.github.issues()).toHaveLength(4);
    expect(world.github.subIssues(parent.number)).toHaveLength(3);
    expect(world.anthropic.requests).toHaveLength(1);
  });
});
