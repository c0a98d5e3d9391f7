import { userUrls } from "../../webhooks/webhook-actors.ts";
import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import { isBot } from "../state/users.ts";

/** `simple-user` for any login; the repository owner is an organization. */
export function toSimpleUser(ctx: SimContext, login: string): Record<string, unknown> {
  const id = ctx.users.idFor(login);
  const type = isBot(login) ? "Bot" : login === ctx.repo.owner ? "Organization" : "User";
  return {
    login,
    id,
    node_id: nodeId(type === "Bot" ? "BOT" : type === "Organization" ? "O" : "U", id),
    gravatar_id: "",
    html_url: `https://github.com/${encodeURIComponent(login)}`,
    ...userUrls(encodeURIComponent(login), id, ctx.baseUrl),
    type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** `author_association` of a login on this repository. */
export function authorAssociation(ctx: SimContext, login: string): string {
  if (login === ctx.repo.owner) return "OWNER";
  return ctx.permissions.get(login) ? "COLLABORATOR" : "NONE";
}
