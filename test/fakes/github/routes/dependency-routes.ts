import { notFound, validationFailed } from "../http/http-error.ts";
import type { Router } from "../http/router.ts";
import { toRestIssue } from "../rest/issue.ts";
import type { SimContext } from "../sim-context.ts";
import { timestamp } from "../state/ids.ts";
import type { IssueRecord } from "../state/issues.ts";
import { bodyOf, findIssue, integerParam, json, paginated, repoRoutes } from "./route-helpers.ts";

/**
 * Issue dependencies (`blocked_by` / `blocking`), addressed by issue **id** like sub-issues.
 * Simplification: GitHub also sends `issue_dependencies` webhooks; fanout does not use them.
 */
export function registerDependencyRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);
  const issues = (numbers: number[]) => numbers.map((n) => ctx.issues.get(n) as IssueRecord);

  repo("GET", "/issues/{issue_number}/dependencies/blocked_by", async (request) => {
    const blockers = issues(ctx.dependencies.blockersOf(findIssue(ctx, request).number));
    return paginated(
      ctx,
      request,
      blockers.map((issue) => toRestIssue(ctx, issue)),
    );
  });

  repo("POST", "/issues/{issue_number}/dependencies/blocked_by", async (request) => {
    const blocked = findIssue(ctx, request);
    const id = bodyOf(request).issue_id;
    const blocker = typeof id === "number" ? ctx.issues.byId(id) : undefined;
    if (!blocker) throw invalid(`No issue found with id ${String(id)}`);
    if (blocker.number === blocked.number) throw invalid("An issue cannot block itself");
    if (blocks(ctx, blocked.number, blocker.number)) {
      throw invalid("Adding this dependency would create a cycle");
    }
    if (!ctx.dependencies.add(blocked.number, blocker.number)) {
      throw invalid("This dependency already exists");
    }
    blocked.updatedAt = timestamp();
    return json(toRestIssue(ctx, blocker), 201);
  });

  repo("DELETE", "/issues/{issue_number}/dependencies/blocked_by/{issue_id}", async (request) => {
    const blocked = findIssue(ctx, request);
    const blocker = ctx.issues.byId(integerParam(request, "issue_id"));
    if (!blocker || !ctx.dependencies.remove(blocked.number, blocker.number)) throw notFound();
    return json(toRestIssue(ctx, blocker));
  });

  repo("GET", "/issues/{issue_number}/dependencies/blocking", async (request) => {
    const blocked = issues(ctx.dependencies.blockedBy(findIssue(ctx, request).number));
    return paginated(
      ctx,
      request,
      blocked.map((issue) => toRestIssue(ctx, issue)),
    );
  });
}

/** Whether `from` (transitively) blocks `to`: adding `to` blocked by... would close a cycle. */
function blocks(ctx: SimContext, from: number, to: number): boolean {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length > 0) {
    const at = stack.pop() as number;
    if (at === to) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...ctx.dependencies.blockedBy(at));
  }
  return false;
}

function invalid(message: string) {
  return validationFailed("Validation Failed", [
    { resource: "IssueDependency", field: "issue_id", code: "invalid", message },
  ]);
}
