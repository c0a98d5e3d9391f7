import { notFound } from "../http/http-error.ts";
import type { RouteRequest, Router } from "../http/router.ts";
import { toRestReaction } from "../rest/reaction.ts";
import type { SimContext } from "../sim-context.ts";
import { timestamp } from "../state/ids.ts";
import type { ReactionContent, ReactionSubject } from "../state/reactions.ts";
import { findComment } from "./comment-routes.ts";
import {
  bodyOf,
  findIssue,
  integerParam,
  json,
  noContent,
  paginated,
  repoRoutes,
} from "./route-helpers.ts";

/** Reactions on issues and on issue comments; GitHub sends no webhook for reactions. */
export function registerReactionRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);
  const subjects: [string, (request: RouteRequest) => ReactionSubject][] = [
    [
      "/issues/{issue_number}/reactions",
      (r) => ({ kind: "issue", number: findIssue(ctx, r).number }),
    ],
    [
      "/issues/comments/{comment_id}/reactions",
      (r) => ({ kind: "comment", id: findComment(ctx, r).id }),
    ],
  ];
  for (const [path, subjectOf] of subjects) {
    repo("GET", path, async (request) => {
      const content = request.query.content;
      const reactions = ctx.reactions
        .on(subjectOf(request))
        .filter((reaction) => content === undefined || reaction.content === content);
      return paginated(
        ctx,
        request,
        reactions.map((reaction) => toRestReaction(ctx, reaction)),
      );
    });

    repo("POST", path, async (request) => {
      const content = bodyOf(request).content as ReactionContent;
      const { reaction, created } = ctx.reactions.add(
        subjectOf(request),
        content,
        request.actor.login,
        timestamp(),
      );
      // 201 for a new reaction, 200 when this user already reacted with this content.
      return json(toRestReaction(ctx, reaction), created ? 201 : 200);
    });

    repo("DELETE", `${path}/{reaction_id}`, async (request) => {
      if (!ctx.reactions.remove(subjectOf(request), integerParam(request, "reaction_id"))) {
        throw notFound();
      }
      return noContent();
    });
  }
}
