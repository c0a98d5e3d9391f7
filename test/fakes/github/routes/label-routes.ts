import { addLabels, removeLabel, setLabels } from "../changes/issue-changes.ts";
import { basicError, notFound, validationFailed } from "../http/http-error.ts";
import type { RouteRequest, Router } from "../http/router.ts";
import { toRestLabel } from "../rest/label.ts";
import type { SimContext } from "../sim-context.ts";
import type { IssueRecord } from "../state/issues.ts";
import {
  bodyOf,
  findIssue,
  json,
  labelNames,
  noContent,
  paginated,
  repoRoutes,
  stringField,
} from "./route-helpers.ts";

export function registerLabelRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("GET", "/labels", async (request) =>
    paginated(
      ctx,
      request,
      ctx.labels.all().map((label) => toRestLabel(ctx, label)),
    ),
  );

  repo("POST", "/labels", async (request) => {
    const body = bodyOf(request);
    const name = stringField(body, "name") ?? "";
    if (ctx.labels.get(name)) {
      throw validationFailed("Validation Failed", [
        { resource: "Label", field: "name", code: "already_exists" },
      ]);
    }
    const color = (stringField(body, "color") ?? "ededed").replace(/^#/, "");
    const label = ctx.labels.create(name, color, stringField(body, "description") ?? null);
    return json(toRestLabel(ctx, label), 201);
  });

  repo("GET", "/labels/{name}", async (request) => {
    const label = ctx.labels.get(request.params.name ?? "");
    if (!label) throw notFound();
    return json(toRestLabel(ctx, label));
  });

  repo("GET", "/issues/{issue_number}/labels", async (request) =>
    paginated(ctx, request, issueLabels(ctx, findIssue(ctx, request))),
  );

  repo("POST", "/issues/{issue_number}/labels", async (request) => {
    const issue = findIssue(ctx, request);
    await addLabels(ctx, issue, requestedLabels(request), request.actor.login);
    return json(issueLabels(ctx, issue));
  });

  repo("PUT", "/issues/{issue_number}/labels", async (request) => {
    const issue = findIssue(ctx, request);
    await setLabels(ctx, issue, requestedLabels(request), request.actor.login);
    return json(issueLabels(ctx, issue));
  });

  repo("DELETE", "/issues/{issue_number}/labels", async (request) => {
    const issue = findIssue(ctx, request);
    await setLabels(ctx, issue, [], request.actor.login);
    return noContent();
  });

  repo("DELETE", "/issues/{issue_number}/labels/{name}", async (request) => {
    const issue = findIssue(ctx, request);
    const removed = await removeLabel(ctx, issue, request.params.name ?? "", request.actor.login);
    if (!removed) throw basicError(404, "Label does not exist");
    return json(issueLabels(ctx, issue));
  });
}

/** `{ labels: [...] }`, or the bare array GitHub also accepts. */
function requestedLabels(request: RouteRequest): string[] {
  if (Array.isArray(request.body)) return labelNames(request.body);
  return labelNames(bodyOf(request).labels);
}

function issueLabels(ctx: SimContext, issue: IssueRecord): Record<string, unknown>[] {
  return issue.labels.map((name) => toRestLabel(ctx, ctx.labels.ensure(name)));
}
