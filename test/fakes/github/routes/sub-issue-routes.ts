import { linkSubIssue, unlinkSubIssue } from "../changes/sub-issue-changes.ts";
import { notFound, validationFailed } from "../http/http-error.ts";
import type { Router } from "../http/router.ts";
import { toRestIssue } from "../rest/issue.ts";
import type { SimContext } from "../sim-context.ts";
import type { IssueRecord } from "../state/issues.ts";
import { bodyOf, findIssue, json, paginated, repoRoutes } from "./route-helpers.ts";

/**
 * The sub-issues API. It takes the sub-issue's **id**; an id that names no issue of this
 * repository (an issue number, typically) fails with 422 like any invalid field. Add and remove
 * answer with the sub-issue (the description does not say which issue; go-github types it so).
 */
export function registerSubIssueRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("POST", "/issues/{issue_number}/sub_issues", async (request) => {
    const parent = findIssue(ctx, request);
    const body = bodyOf(request);
    const child = subIssueById(ctx, body.sub_issue_id);
    if (child.number === parent.number || isAncestor(ctx, child.number, parent.number)) {
      throw invalid("sub_issue_id", "An issue cannot be its own ancestor");
    }
    const current = ctx.subIssues.parentOf(child.number);
    if (current === parent.number)
      throw invalid("sub_issue_id", "Issue is already a sub-issue of this issue");
    if (current !== undefined && body.replace_parent !== true) {
      throw invalid("sub_issue_id", "Issue may not have more than one parent");
    }
    if (current !== undefined)
      unlinkSubIssue(ctx, ctx.issues.get(current) as IssueRecord, child, request.actor.login);
    linkSubIssue(ctx, parent, child, request.actor.login);
    return json(toRestIssue(ctx, child), 201);
  });

  repo("GET", "/issues/{issue_number}/sub_issues", async (request) => {
    const parent = findIssue(ctx, request);
    const children = ctx.subIssues
      .childrenOf(parent.number)
      .map((n) => ctx.issues.get(n) as IssueRecord);
    return paginated(
      ctx,
      request,
      children.map((child) => toRestIssue(ctx, child)),
    );
  });

  repo("DELETE", "/issues/{issue_number}/sub_issue", async (request) => {
    const parent = findIssue(ctx, request);
    const child = subIssueById(ctx, bodyOf(request).sub_issue_id);
    if (ctx.subIssues.parentOf(child.number) !== parent.number) throw notFound();
    unlinkSubIssue(ctx, parent, child, request.actor.login);
    return json(toRestIssue(ctx, child));
  });

  repo("GET", "/issues/{issue_number}/parent", async (request) => {
    const parent = ctx.subIssues.parentOf(findIssue(ctx, request).number);
    if (parent === undefined) throw notFound();
    return json(toRestIssue(ctx, ctx.issues.get(parent) as IssueRecord));
  });
}

function subIssueById(ctx: SimContext, id: unknown): IssueRecord {
  const issue = typeof id === "number" ? ctx.issues.byId(id) : undefined;
  if (!issue) throw invalid("sub_issue_id", `No issue found with id ${String(id)}`);
  if (issue.isPullRequest) throw invalid("sub_issue_id", "A pull request cannot be a sub-issue");
  return issue;
}

function isAncestor(ctx: SimContext, candidate: number, of: number): boolean {
  for (let at = ctx.subIssues.parentOf(of); at !== undefined; at = ctx.subIssues.parentOf(at)) {
    if (at === candidate) return true;
  }
  return false;
}

function invalid(field: string, message: string) {
  return validationFailed("Validation Failed", [
    { resource: "Issue", field, code: "invalid", message },
  ]);
}
