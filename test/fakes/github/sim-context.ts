import type { WebhookEmitter } from "./events/webhook-emitter.ts";
import type { CheckRunStore } from "./state/check-runs.ts";
import type { CommentStore } from "./state/comments.ts";
import type { DependencyStore } from "./state/dependencies.ts";
import type { IdSource } from "./state/ids.ts";
import type { IssueStore } from "./state/issues.ts";
import type { LabelStore } from "./state/labels.ts";
import type { PermissionStore } from "./state/permissions.ts";
import type { PullStore } from "./state/pulls.ts";
import type { ReactionStore } from "./state/reactions.ts";
import type { RulesetStore } from "./state/rulesets.ts";
import type { StatusStore } from "./state/statuses.ts";
import type { SubIssueStore } from "./state/sub-issues.ts";
import type { TokenStore } from "./state/tokens.ts";
import type { UserDirectory } from "./state/users.ts";
import type { WorkflowRunStore } from "./state/workflow-runs.ts";

export interface RepoInfo {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
  installationId: number;
  appId: number;
  appSlug: string;
  createdAt: string;
}

export interface Violation {
  source: "request" | "response" | "webhook" | "workflow-handler";
  message: string;
}

/** Everything a route or a state change needs; one per simulator. */
export interface SimContext {
  repo: RepoInfo;
  gitDir: string;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  baseUrl: string;
  ids: IdSource;
  users: UserDirectory;
  tokens: TokenStore;
  permissions: PermissionStore;
  labels: LabelStore;
  issues: IssueStore;
  comments: CommentStore;
  reactions: ReactionStore;
  subIssues: SubIssueStore;
  dependencies: DependencyStore;
  pulls: PullStore;
  checkRuns: CheckRunStore;
  statuses: StatusStore;
  workflowRuns: WorkflowRunStore;
  rulesets: RulesetStore;
  events: WebhookEmitter;
  violations: Violation[];
  /** Limit of entries in a recursive tree answer before GitHub sets `truncated`. */
  treeEntryLimit: number;
}
