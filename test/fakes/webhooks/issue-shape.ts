import type { BuiltWebhook, RepoRef } from "./payload-base.ts";
import { renumber, repositoryUrls } from "./payload-base.ts";
import { stableNumber } from "./stable-ids.ts";
import { humanUser, legacyNodeId, type WebhookUser } from "./webhook-actors.ts";

/** What a test may say about an issue; everything else stays as in GitHub's example. */
export type IssueFields = {
  number?: number;
  /** The database id (what the sub-issues API takes). Defaults to one derived from the number. */
  id?: number;
  title?: string;
  body?: string | null;
  /** Label names on the issue. */
  labels?: string[];
  state?: "open" | "closed";
  /** Who opened it; `Codertocat` (the repository owner) unless given. */
  author?: WebhookUser;
};

type AnyIssue = BuiltWebhook<"issues.labeled" | "issue_comment.created">["payload"]["issue"];

/** `issue` with the test's fields, its addresses and id following its number. */
export function shapeIssue<I extends AnyIssue>(
  issue: I,
  fields: IssueFields,
  repo: Required<RepoRef>,
): I {
  const number = fields.number ?? issue.number;
  const shaped = renumber(issue, issue.number, number);
  shaped.number = number;
  shaped.id = fields.id ?? issueIdFor(number);
  shaped.node_id = legacyNodeId("Issue", shaped.id);
  shaped.title = fields.title ?? shaped.title;
  shaped.body = fields.body === undefined ? shaped.body : fields.body;
  shaped.state = fields.state ?? "open";
  shaped.closed_at = shaped.state === "closed" ? shaped.updated_at : null;
  const author = fields.author ?? humanUser();
  shaped.user = author;
  shaped.author_association = associationOf(author, repo);
  shaped.assignee = null;
  shaped.assignees = [];
  shaped.milestone = null;
  shaped.labels = (fields.labels ?? []).map((name) => labelObject(name, repo));
  return shaped;
}

/** The database id an issue gets when the test gives none (the example's issue 1 is 444500041). */
export function issueIdFor(number: number): number {
  return 444_500_040 + number;
}

/** A repository label as payloads carry it. */
export function labelObject(name: string, repo: RepoRef) {
  const id = stableNumber(`label:${name}`, 1_000_000_000);
  return {
    id,
    node_id: legacyNodeId("Label", id),
    url: `${repositoryUrls(repo).api}/labels/${encodeURIComponent(name)}`,
    name,
    color: "ededed",
    default: false,
    description: null,
  };
}

/** How GitHub labels someone's relation to the repository (informative only: fanout asks the API). */
export function associationOf(user: WebhookUser | null, repo: RepoRef) {
  if (user?.login === repo.owner) return "OWNER" as const;
  return user?.type === "Bot" ? ("NONE" as const) : ("COLLABORATOR" as const);
}
