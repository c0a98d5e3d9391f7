import { describe, expect, it } from "vitest";
import { FanoutConfig } from "../../src/config/config-schema.ts";
import { validatePlan } from "../../src/plan/validate-plan.ts";
import { renderDependencyGraph } from "../../src/report/dependency-graph.ts";
import { renderTrackingComment } from "../../src/report/render-tracking-comment.ts";
import { type RunRecord, readRunRecord } from "../../src/run/run-record.ts";
import { plan, task } from "../plan/plan-fixtures.ts";

const validated = validatePlan(
  plan(
    task("parser", { files: ["src/cli.ts"] }),
    task("flag", { files: ["src/cli.ts"] }),
    task("docs", { dependsOn: ["parser"], title: "Write | docs" }),
  ),
  { maxTasks: 8 },
);
if (!validated.ok) throw new Error("fixture plan must be valid");

const planned: RunRecord = {
  parent: 12,
  triggeredBy: "octocat",
  startedAt: "2026-11-21T10:00:00.000Z",
  phase: "planned",
  plan: validated.plan,
  planner: {
    model: "claude-sonnet-5-5",
    usage: { input: 12_000, output: 2_500, cacheWrite5m: 8_000, cacheWrite1h: 0, cacheRead: 0 },
    costUsd: 0.069,
    requests: 1,
  },
  errors: [],
};

function section(body: string, start: string): string {
  const from = body.indexOf(start);
  expect(from, `section starting with ${start}`).toBeGreaterThanOrEqual(0);
  return body.slice(
    from,
    body.indexOf("\n\n", from) === -1 ? undefined : body.indexOf("\n\n", from),
  );
}

describe("tracking comment", () => {
  const config = FanoutConfig.parse({});
  const body = renderTrackingComment({
    record: planned,
    config,
    subIssues: new Map([
      ["parser", 13],
      ["flag", 14],
    ]),
    estimateUsd: 0.12,
  });

  it("lists each task with its sub-issue, dependencies, model and status", () => {
    expect(section(body, "| Task |").split("\n")).toEqual([
      "| Task | Title | Sub-issue | Depends on | Model | Status |",
      "| --- | --- | --- | --- | --- | --- |",
      "| `parser` | Do parser | #13 | — | `claude-haiku-5-5` | ready |",
      "| `flag` | Do flag | #14 | `parser` (shares `src/cli.ts`) | `claude-haiku-5-5` | waiting for dependencies |",
      "| `docs` | Write \\| docs | not created yet | `parser` | `claude-haiku-5-5` | waiting for dependencies |",
    ]);
  });

  it("shows the planner's tokens and cost and the run estimate against the budget", () => {
    expect(body).toContain(
      "**Planner:** `claude-sonnet-5-5`, 22,500 tokens (12,000 input, 2,500 output, 8,000 cache write, 0 cache read) · $0.07",
    );
    expect(body).toContain(
      "**Estimated executor cost:** ≈ $0.12 on `claude-haiku-5-5` · run budget $20.00, $2.00 per task",
    );
  });

  it("explains edges fanout added", () => {
    expect(body).toContain(
      "Dotted edges were added by fanout: `flag` waits for `parser` because both change `src/cli.ts`.",
    );
  });

  it("carries the run record so the next event can read it back", () => {
    expect(readRunRecord(body)).toEqual(planned);
  });

  it("says when the plan waits for /approve, and who approved it", () => {
    const strict = FanoutConfig.parse({ planner: { require_approval: true } });
    const waiting = renderTrackingComment({
      record: planned,
      config: strict,
      subIssues: new Map(),
    });
    expect(waiting).toContain(
      "**Waiting for approval.** Nothing runs until someone with write access comments `/approve`",
    );
    expect(waiting).toContain("| awaiting approval |");
    const approved = renderTrackingComment({
      record: { ...planned, approvedBy: "hubot" },
      config: strict,
      subIssues: new Map(),
    });
    expect(approved).toContain("✅ Approved by @hubot.");
  });

  it("says what was wrong when planning failed, and how to retry", () => {
    const failed = renderTrackingComment({
      record: {
        ...planned,
        phase: "failed",
        plan: undefined,
        errors: ["the dependencies form a cycle: a → b → a"],
      },
      config,
      subIssues: new Map(),
    });
    expect(failed).toContain("### fanout · planning failed");
    expect(failed).toContain("- the dependencies form a cycle: a → b → a");
    expect(failed).toContain("remove and add the `agent:parallel` label to try again");
    expect(failed).not.toContain("| Task |");
  });
});

describe("dependency graph", () => {
  it("draws solid edges for planned dependencies and dotted, labelled ones for added edges", () => {
    const graph = renderDependencyGraph(
      validated.plan.tasks.map((t) => ({ ...t, issueNumber: t.key === "parser" ? 13 : undefined })),
    );
    expect(graph.split("\n")).toEqual([
      "```mermaid",
      "graph TD",
      '  t1["parser<br/>#13 Do parser"]',
      '  t2["flag<br/>Do flag"]',
      '  t3["docs<br/>Write | docs"]',
      '  t1 -. "src/cli.ts" .-> t2',
      "  t1 --> t3",
      "```",
    ]);
  });

  it("escapes quotes and angle brackets in titles", () => {
    const graph = renderDependencyGraph([
      { key: "a", title: 'Say "hi" <b>', dependsOn: [], addedDependsOn: [] },
    ]);
    expect(graph).toContain('t1["a<br/>Say #quot;hi#quot; #lt;b#gt;"]');
  });
});
