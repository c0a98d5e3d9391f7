import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";
import { checkWebhookPayload } from "./check-webhook-payload.ts";
import { stableNumber } from "./stable-ids.ts";
import { humanUser, installationRef, legacyNodeId, type WebhookUser } from "./webhook-actors.ts";
import { exampleVariants } from "./webhook-examples.ts";

/** Which repository a payload is about. */
export type RepoRef = {
  owner: string;
  name: string;
  id?: number;
  /** `main` unless given (GitHub's examples, from 2019, say `master`). */
  defaultBranch?: string;
};

/** The examples' own repository; `test/helpers/nock-github.ts` mocks the same one. */
export const DEFAULT_REPOSITORY = {
  owner: "Codertocat",
  name: "Hello-World",
  id: 186853002,
  defaultBranch: "main",
};

/** What every builder accepts: who acted, where, and for which installation. */
export type CommonOptions = {
  /** Who caused the event; a human (`Codertocat`) unless given. */
  sender?: WebhookUser;
  repository?: RepoRef;
  /** Defaults to `INSTALLATION_ID` (4242). */
  installationId?: number;
};

/** What a builder returns: the `X-GitHub-Event` name and the body GitHub would send. */
export type BuiltWebhook<E extends EmitterWebhookEventName> = {
  name: E extends `${infer Event}.${string}` ? Event : E;
  payload: EmitterWebhookEvent<E>["payload"];
};

const chosenVariant = new Map<string, number>();

/**
 * GitHub's example for `name`, moved into `options.repository`, sent by `options.sender` to
 * `options.installationId`. Some events have several examples and the older ones lack fields
 * GitHub sends today, so the first one that fits GitHub's schema is used. When no example of the
 * action exists (or none fits), one of `fallback` (another action of the same event, whose payload
 * has the same shape) is used with its `action` changed.
 */
export function startFromExample<E extends EmitterWebhookEventName>(
  name: E,
  options: CommonOptions,
  fallback?: EmitterWebhookEventName,
): EmitterWebhookEvent<E>["payload"] {
  const action = name.split(".")[1];
  let payload = validExample(name);
  if (!payload && fallback) {
    const borrowed = validExample(fallback);
    if (borrowed) payload = { ...borrowed, action } as EmitterWebhookEvent<E>["payload"];
  }
  if (!payload) throw new Error(`no example of ${name} fits GitHub's webhook schema`);
  const repo = resolveRepository(options.repository);
  const moved = relocateRepository(payload, repo);
  const record = moved as Record<string, unknown>;
  // The examples mix organisation- and user-owned repositories; ours is user-owned.
  delete record.organization;
  delete record.enterprise;
  record.sender = options.sender ?? humanUser();
  record.installation = installationRef(options.installationId);
  return moved;
}

/** `repository` with its defaults filled in. */
export function resolveRepository(ref: RepoRef = DEFAULT_REPOSITORY): Required<RepoRef> {
  const sameAsDefault =
    ref.owner === DEFAULT_REPOSITORY.owner && ref.name === DEFAULT_REPOSITORY.name;
  const id =
    ref.id ??
    (sameAsDefault ? DEFAULT_REPOSITORY.id : stableNumber(`repo:${ref.owner}/${ref.name}`));
  return { owner: ref.owner, name: ref.name, id, defaultBranch: ref.defaultBranch ?? "main" };
}

/** The REST and web base addresses of a repository. */
export function repositoryUrls(repo: RepoRef): { api: string; html: string } {
  return {
    api: `https://api.github.com/repos/${repo.owner}/${repo.name}`,
    html: `https://github.com/${repo.owner}/${repo.name}`,
  };
}

function validExample<E extends EmitterWebhookEventName>(
  name: E,
): EmitterWebhookEvent<E>["payload"] | undefined {
  const variants = exampleVariants(name);
  const event = name.split(".")[0] ?? name;
  let index = chosenVariant.get(name);
  if (index === undefined) {
    index = variants.findIndex((variant) => checkWebhookPayload(event, variant).length === 0);
    chosenVariant.set(name, index);
  }
  return variants[index];
}

/**
 * Moves every trace of the example's repository to `to`: the addresses in all strings, and the
 * name, id and owner of every object describing that repository (payloads repeat it in
 * `repository`, `pull_request.head.repo`, `workflow_run.head_repository`, …).
 */
function relocateRepository<T>(payload: T, to: Required<RepoRef>): T {
  const from = (payload as { repository?: { full_name?: string } }).repository?.full_name;
  if (!from) return payload;
  const [fromOwner = "", fromName = ""] = from.split("/");
  const address = new RegExp(
    `(github\\.com[/:]|/repos/)${escapeRegExp(fromOwner)}/${escapeRegExp(fromName)}(?=$|[/{?#.])`,
    "g",
  );
  const moved = rewriteStrings(payload, (text) =>
    text.replace(address, (_match, prefix: string) => `${prefix}${to.owner}/${to.name}`),
  );
  const apiUrl = repositoryUrls(to).api;
  visitObjects(moved, (object) => {
    const describesRepo = object.full_name === from || object.url === apiUrl;
    if (!describesRepo || typeof object.id !== "number") return;
    object.id = to.id;
    if (typeof object.node_id === "string") object.node_id = legacyNodeId("Repository", to.id);
    if (typeof object.name === "string") object.name = to.name;
    if (typeof object.full_name === "string") object.full_name = `${to.owner}/${to.name}`;
    if (typeof object.default_branch === "string") object.default_branch = to.defaultBranch;
    if (typeof object.master_branch === "string") object.master_branch = to.defaultBranch;
    const owner = object.owner as { login?: string } | undefined;
    if (owner?.login !== undefined && owner.login !== to.owner) object.owner = humanUser(to.owner);
  });
  return moved;
}

/**
 * Moves the issue or pull request numbered `from` to `to` in every address under `value`
 * (`/issues/1`, `/pulls/1/commits`, `/pull/1.diff`, `/issues/1#issuecomment-…`).
 */
export function renumber<T>(value: T, from: number, to: number): T {
  const address = new RegExp(`/(issues|pulls|pull)/${from}(?=$|[/.?#])`, "g");
  return rewriteStrings(value, (text) => text.replace(address, `/$1/${to}`));
}

/** A deep copy of `value` with every string passed through `rewrite`. */
export function rewriteStrings<T>(value: T, rewrite: (text: string) => string): T {
  if (typeof value === "string") return rewrite(value) as T;
  if (Array.isArray(value)) return value.map((item) => rewriteStrings(item, rewrite)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, rewriteStrings(item, rewrite)]),
    ) as T;
  }
  return value;
}

function visitObjects(value: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) visitObjects(item, visit);
  } else if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    visit(object);
    for (const item of Object.values(object)) visitObjects(item, visit);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
