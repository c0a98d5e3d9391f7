import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import {
  REACTION_CONTENTS,
  type ReactionRecord,
  type ReactionSubject,
} from "../state/reactions.ts";
import { toSimpleUser } from "./user.ts";

export function toRestReaction(ctx: SimContext, reaction: ReactionRecord): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: nodeId("REA", reaction.id),
    user: toSimpleUser(ctx, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

/** `reaction-rollup`: counts per content on an issue or comment. */
export function toReactionRollup(
  ctx: SimContext,
  subject: ReactionSubject,
  url: string,
): Record<string, unknown> {
  const reactions = ctx.reactions.on(subject);
  const rollup: Record<string, unknown> = { url, total_count: reactions.length };
  for (const content of REACTION_CONTENTS) {
    rollup[content] = reactions.filter((reaction) => reaction.content === content).length;
  }
  return rollup;
}
