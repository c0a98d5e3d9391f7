import type { RestEndpointMethodTypes } from "@octokit/rest";
import type { WebhookDeliverer, WebhookDelivererOptions } from "../webhooks/webhook-deliverer.ts";
import type { EmittedWebhook } from "./events/webhook-emitter.ts";
import type { FaultSpec } from "./http/faults.ts";
import type { RequestLogEntry, UnhandledRequest } from "./http/sim-server.ts";
import type { Violation } from "./sim-context.ts";
import type { PermissionLevel } from "./state/permissions.ts";
import type { RunConclusion, RunStatus, WorkflowDispatchHandler } from "./state/workflow-runs.ts";

// The shapes @octokit/rest gives its callers, so test code reads the simulator's state and
// Octokit's answers with the same types.
type Data<
  S extends keyof RestEndpointMethodTypes,
  M extends keyof RestEndpointMethodTypes[S],
> = RestEndpointMethodTypes[S][M] extends { response: { data: infer D } } ? D : never;
export type RestIssue = Data<"issues", "get">;
export type RestComment = Data<"issues", "getComment">;
export type RestLabel = Data<"issues", "getLabel">;
export type RestPullRequest = Data<"pulls", "get">;
export type RestCheckRun = Data<"checks", "get">;
export type RestStatus = Data<"repos", "createCommitStatus">;
export type RestWorkflowRun = Data<"actions", "getWorkflowRun">;
export type RestReaction = Data<"reactions", "createForIssue">;

export interface GitHubSimulatorOptions {
  /** Organization owning the repository; `octo-org` unless given. */
  owner?: string;
  /** Repository name; `widgets` unless given. */
  repo?: string;
  /** `main` unless given. */
  defaultBranch?: string;
  /** Contents of the initial commit on the default branch. */
  files?: Record<string, string>;
  collaborators?: Record<string, PermissionLevel>;
  /** 4242 unless given (the id the webhook builders use). */
  installationId?: number;
  /** The GitHub App's id and slug; issued tokens act as `<slug>[bot]`. `1` / `fanout`. */
  appId?: number;
  appSlug?: string;
  /** Private unless false; a public repository gives everyone `read`. */
  private?: boolean;
  /** Entries a recursive tree holds before `truncated` (GitHub: 100,000). */
  treeEntryLimit?: number;
}

export interface SeedOptions {
  /** Who does it (a login); `octocat` unless given. */
  user?: string;
}

export interface GitHubSimulator {
  /** Base URL of the API: Octokit's `baseUrl`, the executor's `GITHUB_API_URL`. */
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly installationId: number;
  /** The bare repository; a git remote (`git clone <gitDir>`, `git push <gitDir> …`). */
  readonly gitDir: string;
  /** Every request received, in order, with the status answered. */
  readonly requests: RequestLogEntry[];
  /** Requests no route handles (answered 404); a test should fail on any. */
  readonly unhandled: UnhandledRequest[];
  /** Requests, responses or webhooks that do not fit GitHub's descriptions; should stay empty. */
  readonly violations: Violation[];
  /** Every webhook produced, delivered or not. */
  readonly emitted: EmittedWebhook[];
  /** The deliverer after `connectApp`, for redelivery and ordering. */
  readonly deliverer: WebhookDeliverer | undefined;

  close(): Promise<void>;
  /** An installation token (acting as the app) or, given a login, a token acting as that person. */
  issueToken(options?: { login?: string }): string;

  createIssue(input: {
    title: string;
    body?: string;
    user?: string;
    labels?: string[];
  }): Promise<RestIssue>;
  addLabels(issueNumber: number, labels: string[], options?: SeedOptions): Promise<void>;
  removeLabel(issueNumber: number, label: string, options?: SeedOptions): Promise<void>;
  createComment(issueNumber: number, body: string, options?: SeedOptions): Promise<RestComment>;
  createLabel(name: string, options?: { color?: string; description?: string }): RestLabel;
  setPermission(login: string, level: PermissionLevel | "none"): void;
  /** Commits files (`null` deletes) on `branch` (created from the default branch if missing). */
  commitFiles(
    branch: string,
    files: Record<string, string | null>,
    message?: string,
  ): Promise<string>;
  createPullRequest(input: {
    head: string;
    base?: string;
    title: string;
    body?: string;
    user?: string;
  }): Promise<RestPullRequest>;
  /** Makes `contexts` required status checks for `branch` (a ruleset). Empty clears them. */
  requireChecks(branch: string, contexts: string[], options?: { strict?: boolean }): void;

  issue(issueNumber: number): RestIssue | undefined;
  /** Issues (pull requests excluded), oldest first. */
  issues(): RestIssue[];
  comments(issueNumber?: number): RestComment[];
  labels(): RestLabel[];
  subIssues(parentNumber: number): number[];
  parentOf(issueNumber: number): number | undefined;
  blockedBy(issueNumber: number): number[];
  blocking(issueNumber: number): number[];
  reactions(subject: { issue: number } | { comment: number }): RestReaction[];
  pull(pullNumber: number): Promise<RestPullRequest | undefined>;
  pulls(): Promise<RestPullRequest[]>;
  checkRuns(sha?: string): RestCheckRun[];
  statuses(sha: string): RestStatus[];
  workflowRuns(): Promise<RestWorkflowRun[]>;
  /** The sha a branch, ref or sha names, read from git now; undefined when absent. */
  refSha(ref: string): Promise<string | undefined>;
  /** A file's text at `ref` (default branch unless given); undefined when absent. */
  readFile(path: string, ref?: string): Promise<string | undefined>;

  /** Called after each dispatch's response is sent; returns an unsubscribe function. */
  onWorkflowDispatch(handler: WorkflowDispatchHandler): () => void;
  updateWorkflowRun(
    runId: number,
    update: { status?: RunStatus; conclusion?: RunConclusion },
  ): Promise<RestWorkflowRun>;
  /** Resolves when every dispatch handler started so far has finished. */
  waitForWorkflowHandlers(): Promise<void>;

  injectFault(fault: FaultSpec): void;
  clearFaults(): void;

  /** Starts delivering webhooks to an app (signed with `secret`); earlier ones are not sent. */
  connectApp(options: WebhookDelivererOptions): WebhookDeliverer;
  /** Delivers queued webhooks (and those they cause) until none is left. */
  flushWebhooks(): Promise<void>;
}
