import { stableNumber } from "./stable-ids.ts";

/**
 * A user as webhook payloads carry it (`sender`, `issue.user`, `comment.user`, …). Spelled out
 * rather than taken from one event's types: each event types its users a little differently, and
 * this shape fits them all.
 */
export type WebhookUser = {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  gravatar_id: string;
  url: string;
  html_url: string;
  followers_url: string;
  following_url: string;
  gists_url: string;
  starred_url: string;
  subscriptions_url: string;
  organizations_url: string;
  repos_url: string;
  events_url: string;
  received_events_url: string;
  type: "User" | "Bot";
  site_admin: boolean;
};

// The examples' repository owner keeps the id GitHub's examples give it.
const CODERTOCAT_ID = 21031067;

/** The installation every built payload belongs to, unless a builder is told otherwise. */
export const INSTALLATION_ID = 4242;

/** The `installation` field of a payload sent to a GitHub App. */
export function installationRef(id: number = INSTALLATION_ID): { id: number; node_id: string } {
  return { id, node_id: legacyNodeId("IntegrationInstallation", id) };
}

/**
 * A person. `Codertocat` (the default) is the owner of the examples' repository, with the
 * examples' own id; any other login gets a stable id derived from it.
 */
export function humanUser(login = "Codertocat", id?: number): WebhookUser {
  const userId = id ?? (login === "Codertocat" ? CODERTOCAT_ID : stableNumber(`user:${login}`));
  return {
    ...userUrls(login, userId),
    login,
    id: userId,
    node_id: legacyNodeId("User", userId),
    gravatar_id: "",
    html_url: `https://github.com/${login}`,
    type: "User",
    site_admin: false,
  };
}

/**
 * A GitHub App acting on its own (`fanout[bot]` by default), as GitHub shows it in payloads:
 * `type: "Bot"`, the login ending in `[bot]`, and profile links to the app's page.
 */
export function botUser(slug = "fanout", id?: number): WebhookUser {
  const login = `${slug}[bot]`;
  const userId = id ?? stableNumber(`bot:${slug}`);
  return {
    ...userUrls(encodeURIComponent(login), userId),
    login,
    id: userId,
    node_id: legacyNodeId("Bot", userId),
    gravatar_id: "",
    html_url: `https://github.com/apps/${slug}`,
    type: "Bot",
    site_admin: false,
  };
}

/** GitHub's legacy global node id: base64 of `0<length of type>:<type><id>`, e.g. `04:User1`. */
export function legacyNodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}

/** The URL fields of a `simple-user`, under `apiBase` (GitHub's, or a simulator's). */
export function userUrls(pathLogin: string, id: number, apiBase = "https://api.github.com") {
  const api = `${apiBase}/users/${pathLogin}`;
  return {
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: api,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
  };
}

/** The GitHub App the tests run as: the app id `startAppHarness` gives Probot, and its slug. */
export const TEST_APP = { id: 1, slug: "fanout", name: "fanout" };
