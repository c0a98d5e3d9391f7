import { openIssue, updateIssue } from "../changes/issue-changes.ts";
import { validationFailed } from "../http/http-error.ts";
import type { Router } from "../http/router.ts";
import { toRestIssue } from "../rest/issue.ts";
import type { SimContext } from "../sim-context.ts";
import type { IssueRecord } from "../state/issues.ts";
import {
  bodyOf,
  findIssue,
  json,
  labelNames,
  paginated,
  repoRoutes,
  stringField,
} from "./route-helpers.ts";

export function registerIssueRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("POST", "/issues", async (request) => {
    const body = bodyOf(request);
    const title = body.title === undefined ? undefined : String(body.title);
    if (!title) {
      throw validationFailed("Validation Failed", [
        { resource: "Issue", field: "title", code: "missing_field" },
      ]);
    }
    const assignees = [
      ...(Array.isArray(body.assignees) ? (body.assignees as string[]) : []),
      ...(typeof body.assignee === "string" ? [body.assignee] : []),
    ];
    const issue = await openIssue(
      ctx,
      {
        title,
        body: stringField(body, "body") ?? null,
        labels: labelNames(body.labels),
        assignees,
      },
      request.actor.login,
    );
    return json(toRestIssue(ctx, issue), 201);
  });

  repo("GET", "/issues", async (request) => {
    const issues = filterIssues(ctx.issues.all(), request.query);
    return paginated(
      ctx,
      request,
      issues.map((issue) => toRestIssue(ctx, issue)),
    );
  });

  repo("GET", "/issues/{issue_number}", async (request) =>
    json(toRestIssue(ctx, findIssue(ctx, request))),
  );

  repo("PATCH", "/issues/{issue_number}", async (request) => {
    const issue = findIssue(ctx, request);
    const body = bodyOf(request);
    const state = body.state === "open" || body.state === "closed" ? body.state : undefined;
    const reason = typeof body.state_reason === "string" ? body.state_reason : undefined;
    await updateIssue(
      ctx,
      issue,
      {
        title: body.title === undefined || body.title === null ? undefined : String(body.title),
        body: body.body === undefined ? undefined : ((body.body as string | null) ?? null),
        state,
        stateReason: reason as IssueRecord["stateReason"] | undefined,
        labels: body.labels === undefined ? undefined : labelNames(body.labels),
        assignees: Array.isArray(body.assignees) ? (body.assignees as string[]) : undefined,
      },
      request.actor.login,
    );
    return json(toRestIssue(ctx, issue));
  });
}

/** GitHub's list filters: state (default open), labels (all of them), creator, sort, direction. */
function filterIssues(issues: IssueRecord[], query: Record<string, string>): IssueRecord[] {
  const state = query.state ?? "open";
  const labels = (query.labels ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const filtered = issues.filter(
    (issue) =>
      (state === "all" || issue.state === state) &&
      labels.every((label) => issue.labels.some((name) => name.toLowerCase() === label)) &&
      (query.creator === undefined || issue.user.toLowerCase() === query.creator.toLowerCase()) &&
      (query.since === undefined || issue.updatedAt >= query.since),
  );
  const key = query.sort === "updated" ? "updatedAt" : "createdAt";
  const direction = query.direction === "asc" ? 1 : -1;
  // Same-second timestamps are common in tests; the number keeps the order stable and GitHub-like.
  return filtered.sort((a, b) => direction * (a[key].localeCompare(b[key]) || a.number - b.number));
}
