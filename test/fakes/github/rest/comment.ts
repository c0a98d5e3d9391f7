import type { SimContext } from "../sim-context.ts";
import type { CommentRecord } from "../state/comments.ts";
import { nodeId } from "../state/ids.ts";
import { toReactionRollup } from "./reaction.ts";
import { repoApiUrl, repoHtmlUrl } from "./urls.ts";
import { authorAssociation, toSimpleUser } from "./user.ts";

export function toRestComment(ctx: SimContext, comment: CommentRecord): Record<string, unknown> {
  const api = `${repoApiUrl(ctx)}/issues/comments/${comment.id}`;
  const isPull = ctx.issues.get(comment.issueNumber)?.isPullRequest ?? false;
  const page = `${repoHtmlUrl(ctx)}/${isPull ? "pull" : "issues"}/${comment.issueNumber}`;
  return {
    id: comment.id,
    node_id: nodeId("IC", comment.id),
    url: api,
    html_url: `${page}#issuecomment-${comment.id}`,
    issue_url: `${repoApiUrl(ctx)}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: toSimpleUser(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(ctx, comment.user),
    performed_via_github_app: null,
    reactions: toReactionRollup(ctx, { kind: "comment", id: comment.id }, `${api}/reactions`),
  };
}
