import { describe, expect, it } from "vitest";
import { checkWebhookPayload, findWebhookKey } from "../fakes/webhooks/check-webhook-payload.ts";
import { examplePayload, exampleVariants } from "../fakes/webhooks/webhook-examples.ts";

describe("checkWebhookPayload", () => {
  it("accepts GitHub's own example of an event", () => {
    expect(checkWebhookPayload("issues", examplePayload("issues.labeled"))).toEqual([]);
    expect(checkWebhookPayload("issues.labeled", examplePayload("issues.labeled"))).toEqual([]);
  });

  it("names the webhook and the field of a wrong type", () => {
    const payload = examplePayload("issues.labeled");
    Object.assign(payload.label!, { name: 42 });

    expect(checkWebhookPayload("issues", payload)).toEqual([
      "issues.labeled: `label.name` must be string (got 42)",
    ]);
  });

  it("names a missing required field by its full path", () => {
    const payload = examplePayload("pull_request.closed");
    delete (payload.pull_request as { merged_at?: unknown }).merged_at;

    expect(checkWebhookPayload("pull_request", payload)).toEqual([
      "pull_request.closed: `pull_request.merged_at` is required but missing",
    ]);
  });

  it("lists the allowed values of an enum", () => {
    const payload = examplePayload("issues.labeled");
    Object.assign(payload.issue, { state: "merged" });

    expect(checkWebhookPayload("issues", payload)).toEqual([
      'issues.labeled: `issue.state` must be one of "open", "closed" (got "merged")',
    ]);
  });

  it("reports the real reason inside a nullable object, not the null alternative", () => {
    const payload = examplePayload("issues.labeled");
    Object.assign(payload.issue.milestone!, { number: "one" });

    expect(checkWebhookPayload("issues", payload)).toEqual([
      'issues.labeled: `issue.milestone.number` must be integer (got "one")',
    ]);
  });

  it("rejects a payload whose action contradicts the name it is sent under", () => {
    expect(checkWebhookPayload("issues.opened", examplePayload("issues.labeled"))).toEqual([
      'issues.opened: `action` must be "opened" (got "labeled")',
    ]);
  });

  it("rejects an event or action GitHub does not send", () => {
    expect(checkWebhookPayload("issues", { action: "exploded" })).toEqual([
      'issues.exploded: GitHub describes no such webhook (event "issues", action "exploded")',
    ]);
  });

  it("maps event and action to GitHub's webhook keys, actionless events included", () => {
    expect(findWebhookKey("issues", "labeled")).toBe("issues-labeled");
    expect(findWebhookKey("sub_issues", "sub_issue_added")).toBe("sub-issues-sub-issue-added");
    expect(findWebhookKey("workflow_run", "completed")).toBe("workflow-run-completed");
    expect(findWebhookKey("workflow_dispatch", undefined)).toBe("workflow-dispatch");
    expect(findWebhookKey("custom_property", "promote_to_enterprise")).toBe(
      "custom-property-promoted-to-enterprise",
    );
  });

  it("catches the fields old examples lack, which is why builders pick among them", () => {
    const [oldest, ...newer] = exampleVariants("workflow_run.completed");

    expect(checkWebhookPayload("workflow_run", oldest)).toContain(
      "workflow_run.completed: `workflow_run.path` is required but missing",
    );
    expect(newer.some((variant) => checkWebhookPayload("workflow_run", variant).length === 0)).toBe(
      true,
    );
  });
});
