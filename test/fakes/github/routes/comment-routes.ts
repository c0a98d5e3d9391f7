import { addComment, deleteComment, editComment } from "../changes/comment-changes.ts";
import { notFound } from "../http/http-error.ts";
import type { RouteRequest, Router } from "../http/router.ts";
import { toRestComment } from "../rest/comment.ts";
import type { SimContext } from "../sim-context.ts";
import type { CommentRecord } from "../state/comments.ts";
import {
  bodyOf,
  findIssue,
  integerParam,
  json,
  noContent,
  paginated,
  repoRoutes,
  stringField,
} from "./route-helpers.ts";

export function registerCommentRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("GET", "/issues/{issue_number}/comments", async (request) => {
    const issue = findIssue(ctx, request);
    const since = request.query.since;
    const comments = ctx.comments
      .forIssue(issue.number)
      .filter((comment) => since === undefined || comment.updatedAt >= since);
    return paginated(
      ctx,
      request,
      comments.map((comment) => toRestComment(ctx, comment)),
    );
  });

  repo("POST", "/issues/{issue_number}/comments", async (request) => {
    const issue = findIssue(ctx, request);
    const body = stringField(bodyOf(request), "body") ?? "";
    const comment = await addComment(ctx, issue, body, request.actor.login);
    return json(toRestComment(ctx, comment), 201);
  });

  repo("GET", "/issues/comments/{comment_id}", async (request) =>
    json(toRestComment(ctx, findComment(ctx, request))),
  );

  repo("PATCH", "/issues/comments/{comment_id}", async (request) => {
    const comment = findComment(ctx, request);
    const body = stringField(bodyOf(request), "body") ?? comment.body;
    await editComment(ctx, comment, body, request.actor.login);
    return json(toRestComment(ctx, comment));
  });

  repo("DELETE", "/issues/comments/{comment_id}", async (request) => {
    deleteComment(ctx, findComment(ctx, request), request.actor.login);
    return noContent();
  });
}

export function findComment(ctx: SimContext, request: RouteRequest): CommentRecord {
  const comment = ctx.comments.get(integerParam(request, "comment_id"));
  if (!comment) throw notFound();
  return comment;
}
