import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkAndClose, type FanoutWorld, startFanoutWorld } from "../helpers/fanout-world.ts";
import { ISSUE } from "./planning-fixtures.ts";

let world: FanoutWorld;

beforeEach(async () => {
  world = await startFanoutWorld({
    collaborators: { reader: "read", helper: "triage", dev: "write" },
  });
});

afterEach(() => checkAndClose(world));

describe("who can start fanout", () => {
  it.each(["reader", "helper"])(
    "refuses %s (below write) with one comment and removes the label",
    async (login) => {
      const parent = await world.github.createIssue({ ...ISSUE, user: login });

      await world.label(parent.number, login);

      const comments = world.github.comments(parent.number);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.body).toContain(
        `@${login} fanout only runs for people with **write** access (or higher)`,
      );
      expect(world.github.issue(parent.number)?.labels).toEqual([]);
      expect(world.anthropic.requests).toEqual([]);
      expect(world.github.subIssues(parent.number)).toEqual([]);
    },
  );

  it("honours a stricter min_permission from the config", async () => {
    await world.github.commitFiles("main", { ".github/fanout.yml": "min_permission: maintain\n" });
    const parent = await world.github.createIssue({ ...ISSUE, user: "dev" });

    await world.label(parent.number, "dev");

    expect(world.github.comments(parent.number)[0]?.body).toContain(
      "people with **maintain** access",
    );
    expect(world.anthropic.requests).toEqual([]);
  });

  it("ignores a bot that adds the label, without a word", async () => {
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });

    await world.label(parent.number, "renovate[bot]");

    expect(world.github.comments(parent.number)).toEqual([]);
    expect(world.github.reactions({ issue: parent.number })).toEqual([]);
    const labels = world.github.issue(parent.number)?.labels ?? [];
    expect(labels.map((label) => (typeof label === "string" ? label : label.name))).toEqual([
      "agent:parallel",
    ]);
    expect(world.anthropic.requests).toEqual([]);
  });

  it("ignores the label on a pull request", async () => {
    await world.github.commitFiles("feature", { "src/x.ts": "export {};\n" });
    const pull = await world.github.createPullRequest({
      head: "feature",
      title: "A change",
      user: "octocat",
    });

    await world.label(pull.number);

    expect(world.github.comments(pull.number)).toEqual([]);
    expect(world.github.reactions({ issue: pull.number })).toEqual([]);
    expect(world.anthropic.requests).toEqual([]);
  });

  it("ignores other labels without a word", async () => {
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });

    await world.label(parent.number, "octocat", "bug");

    expect(world.github.comments(parent.number)).toEqual([]);
    expect(world.github.reactions({ issue: parent.number })).toEqual([]);
    expect(world.anthropic.requests).toEqual([]);
  });

  it("explains an invalid config on the issue and does nothing else", async () => {
    await world.github.commitFiles("main", {
      ".github/fanout.yml": "executor:\n  max_parallel: 99\n",
    });
    const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });

    await world.label(parent.number);

    const comments = world.github.comments(parent.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(
      "| `executor.max_parallel` | must be at most 20 (got `99`) |",
    );
    expect(world.github.reactions({ issue: parent.number })).toEqual([]);
    expect(world.anthropic.requests).toEqual([]);
  });
});
