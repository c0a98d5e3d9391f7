import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readRunRecord } from "../../src/run/run-record.ts";
import { checkAndClose, type FanoutWorld, startFanoutWorld } from "../helpers/fanout-world.ts";
import { ISSUE, THREE_TASK_PLAN } from "./planning-fixtures.ts";

let world: FanoutWorld;

beforeEach(async () => {
  world = await startFanoutWorld({
    config: "planner:\n  require_approval: true\n",
    collaborators: { reader: "read", dev: "write" },
  });
});

afterEach(() => checkAndClose(world));

describe("planner.require_approval", () => {
  it("waits for /approve from a write+ user, and records who approved", async () => {
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
    world.anthropic.enqueue({ json: THREE_TASK_PLAN });
    await world.label(parent.number);
    const tracking = () => world.github.comments(parent.number)[0]?.body ?? "";
    expect(tracking()).toContain(
      "**Waiting for approval.** Nothing runs until someone with write access comments `/approve`",
    );

    await world.github.createComment(parent.number, "/approve", { user: "reader" });
    await world.github.flushWebhooks();
    expect(world.github.comments(parent.number).at(-1)?.body).toContain(
      "@reader only people with **write** access can approve",
    );
    expect(readRunRecord(tracking())?.approvedBy).toBeUndefined();

    const approval = await world.github.createComment(parent.number, "/approve", { user: "dev" });
    await world.github.flushWebhooks();
    expect(tracking()).toContain("✅ Approved by @dev.");
    expect(readRunRecord(tracking())?.approvedBy).toBe("dev");
    expect(world.github.reactions({ comment: approval.id }).map((r) => r.content)).toEqual(["+1"]);
  });
});
