import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import { isBot } from "../state/users.ts";

/** `simple-user` for any login; the repository owner is an organization. */
export function toSimpleUser(ctx: SimContext, login: string): Record<string, unknown> {
  const id = ctx.users.idFor(login);
  const type = isBot(login) ? "Bot" : login === ctx.repo.owner ? "Organization" : "User";
  const api = `${ctx.baseUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(type === "Bot" ? "BOT" : type === "Organization" ? "O" : "U", id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `https://github.com/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
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
