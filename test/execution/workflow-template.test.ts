import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/** A GitHub Actions expression as it is written in a workflow file. */
const expression = (inner: string) => ["$", "{{ ", inner, " }}"].join("");

type Step = { uses?: string; run?: string; with?: Record<string, string> };
type Workflow = {
  on: { workflow_dispatch: { inputs: Record<string, { type: string; required?: boolean }> } };
  permissions: Record<string, string>;
  concurrency: { group: string };
  jobs: Record<string, { "timeout-minutes": number; steps: Step[] }>;
};

describe.each(["templates/fanout-executor.yml", "templates/fanout-orchestrator.yml"])(
  "%s",
  (path) => {
    it("never puts an expression in a shell line, and runs with a least-privilege token", async () => {
      const workflow = parse(await readFile(path, "utf8")) as Workflow;
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      expect(steps.filter((step) => step.run?.includes(expression("").slice(0, 3)))).toEqual([]);
      expect(Object.values(workflow.permissions ?? {}).every((level) => level === "read")).toBe(
        true,
      );
      expect(workflow.concurrency.group).toBeTruthy();
      expect(Object.values(workflow.jobs).every((job) => job["timeout-minutes"] > 0)).toBe(true);
      expect(steps.some((step) => step.uses?.startsWith("actions/create-github-app-token@"))).toBe(
        true,
      );
    });
  },
);

describe("the executor workflow template", () => {
  it("declares exactly the typed inputs fanout dispatches, and passes the App token to checkout and the Action", async () => {
    const workflow = parse(await readFile("templates/fanout-executor.yml", "utf8")) as Workflow;
    const inputs = workflow.on.workflow_dispatch.inputs;
    expect(Object.keys(inputs).sort()).toEqual([
      "attempt",
      "budget_usd",
      "model",
      "parent_issue",
      "task_issue",
    ]);
    expect(inputs.task_issue).toMatchObject({ type: "number", required: true });
    const steps = workflow.jobs.execute!.steps;
    expect(steps.find((step) => step.uses?.startsWith("actions/checkout@"))?.with?.token).toBe(
      expression("steps.app-token.outputs.token"),
    );
    const fanout = steps.find((step) => /\/fanout@/.test(step.uses ?? ""));
    expect(fanout?.with?.["github-token"]).toBe(expression("steps.app-token.outputs.token"));
    expect(fanout?.with?.["anthropic-api-key"]).toBe(expression("secrets.ANTHROPIC_API_KEY"));
  });
});
