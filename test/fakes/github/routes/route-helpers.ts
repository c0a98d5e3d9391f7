import { notFound } from "../http/http-error.ts";
import type { RouteHandler, RouteRequest, RouteResponse, Router } from "../http/router.ts";
import type { SimContext } from "../sim-context.ts";
import type { IssueRecord } from "../state/issues.ts";

export type RepoRouteAdder = (method: string, subpath: string, handler: RouteHandler) => void;

/**
 * Registers routes under `/repos/{owner}/{repo}` that answer 404 for any other repository, as
 * GitHub does for a repository the token cannot see.
 */
export function repoRoutes(router: Router, ctx: SimContext): RepoRouteAdder {
  return (method, subpath, handler) => {
    router.on(method, `/repos/{owner}/{repo}${subpath}`, async (request) => {
      const { owner = "", repo = "" } = request.params;
      if (owner.toLowerCase() !== ctx.repo.owner.toLowerCase()) throw notFound();
      if (repo.toLowerCase() !== ctx.repo.name.toLowerCase()) throw notFound();
      return handler(request);
    });
  };
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): RouteResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): RouteResponse {
  return { status: 204 };
}

export function integerParam(request: RouteRequest, name: string): number {
  const value = Number(request.params[name]);
  if (!Number.isInteger(value)) throw notFound();
  return value;
}

export function findIssue(ctx: SimContext, request: RouteRequest): IssueRecord {
  const issue = ctx.issues.get(integerParam(request, "issue_number"));
  if (!issue) throw notFound();
  return issue;
}

/** The JSON body as an object (the request was already checked against the description). */
export function bodyOf(request: RouteRequest): Record<string, unknown> {
  const body = request.body;
  return body && typeof body === "object" && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

/** Label names from `["a", {name: "b"}]`, the two shapes GitHub accepts. */
export function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) =>
      typeof item === "string"
        ? item
        : item && typeof item === "object" && typeof (item as { name?: unknown }).name === "string"
          ? (item as { name: string }).name
          : undefined,
    )
    .filter((name): name is string => name !== undefined);
}

/**
 * One page of `items` by `per_page` (default 30, at most 100) and `page`, with the `Link` header
 * Octokit's paginate follows.
 */
export function paginate<T>(
  ctx: SimContext,
  request: RouteRequest,
  items: T[],
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(request.query.per_page ?? 30) || 30, 1), 100);
  const page = Math.max(Number(request.query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (target: number, rel: string) => {
    const query = new URLSearchParams({
      ...request.query,
      per_page: String(perPage),
      page: String(target),
    });
    return `<${ctx.baseUrl}${request.path}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(1, "first"), link(Math.min(page - 1, last), "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  const headers: Record<string, string> = links.length > 0 ? { link: links.join(", ") } : {};
  return { page: items.slice((page - 1) * perPage, page * perPage), headers };
}

export function paginated<T>(ctx: SimContext, request: RouteRequest, items: T[]): RouteResponse {
  const { page, headers } = paginate(ctx, request, items);
  return json(page, 200, headers);
}
