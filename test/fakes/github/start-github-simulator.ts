import { TEST_APP } from "../webhooks/webhook-actors.ts";
import { createWebhookDeliverer, type WebhookDeliverer } from "../webhooks/webhook-deliverer.ts";
import { addComment } from "./changes/comment-changes.ts";
import { addLabels, openIssue, removeLabel } from "./changes/issue-changes.ts";
import { openPullRequest, syncPullHeads } from "./changes/pull-changes.ts";
import { updateWorkflowRun } from "./changes/workflow-run-changes.ts";
import { WebhookEmitter } from "./events/webhook-emitter.ts";
import {
  branchSha,
  commitToBranch,
  initBareRepo,
  removeRepo,
  resolveCommit,
} from "./git/bare-repo.ts";
import { readBlob, statPath } from "./git/read-objects.ts";
import { FaultTable } from "./http/faults.ts";
import { Router } from "./http/router.ts";
import { SimServer } from "./http/sim-server.ts";
import { toRestCheckRun, toRestStatus } from "./rest/checks.ts";
import { toRestComment } from "./rest/comment.ts";
import { toRestIssue } from "./rest/issue.ts";
import { toRestLabel } from "./rest/label.ts";
import { toRestPullRequest } from "./rest/pull-request.ts";
import { toRestReaction } from "./rest/reaction.ts";
import { loadRestWorkflowRun } from "./rest/workflow-run.ts";
import { registerActionsRoutes } from "./routes/actions-routes.ts";
import { registerAppRoutes } from "./routes/app-routes.ts";
import { registerCheckRoutes } from "./routes/check-routes.ts";
import { registerCollaboratorRoutes } from "./routes/collaborator-routes.ts";
import { registerCommentRoutes } from "./routes/comment-routes.ts";
import { registerContentRoutes } from "./routes/content-routes.ts";
import { registerDependencyRoutes } from "./routes/dependency-routes.ts";
import { registerGitRoutes } from "./routes/git-routes.ts";
import { registerIssueRoutes } from "./routes/issue-routes.ts";
import { registerLabelRoutes } from "./routes/label-routes.ts";
import { registerPullRoutes } from "./routes/pull-routes.ts";
import { registerReactionRoutes } from "./routes/reaction-routes.ts";
import { registerRulesRoutes } from "./routes/rules-routes.ts";
import { registerSubIssueRoutes } from "./routes/sub-issue-routes.ts";
import { registerUserRoutes } from "./routes/user-routes.ts";
import type { SimContext } from "./sim-context.ts";
import type {
  GitHubSimulator,
  GitHubSimulatorOptions,
  RestCheckRun,
  RestComment,
  RestIssue,
  RestLabel,
  RestPullRequest,
  RestReaction,
  RestStatus,
  RestWorkflowRun,
} from "./simulator-types.ts";
import { CheckRunStore } from "./state/check-runs.ts";
import { CommentStore } from "./state/comments.ts";
import { DependencyStore } from "./state/dependencies.ts";
import { IdSource, timestamp } from "./state/ids.ts";
import { IssueStore } from "./state/issues.ts";
import { LabelStore } from "./state/labels.ts";
import { PermissionStore } from "./state/permissions.ts";
import { PullStore } from "./state/pulls.ts";
import { ReactionStore } from "./state/reactions.ts";
import { RulesetStore } from "./state/rulesets.ts";
import { StatusStore } from "./state/statuses.ts";
import { SubIssueStore } from "./state/sub-issues.ts";
import { TokenStore } from "./state/tokens.ts";
import { UserDirectory } from "./state/users.ts";
import type { WorkflowDispatchHandler } from "./state/workflow-runs.ts";
import { WorkflowRunStore } from "./state/workflow-runs.ts";

export type { FaultSpec } from "./http/faults.ts";
export type { RequestLogEntry, UnhandledRequest } from "./http/sim-server.ts";
export type { Violation } from "./sim-context.ts";
export type * from "./simulator-types.ts";
export type { PermissionLevel } from "./state/permissions.ts";
export type { WorkflowDispatchEvent, WorkflowDispatchHandler } from "./state/workflow-runs.ts";

const DEFAULT_USER = "octocat";

/**
 * Starts a stateful GitHub on 127.0.0.1 for one repository, backed by a real bare git
 * repository, that Octokit (Probot's and the executor's) can talk to as if it were
 * api.github.com. Close it after the test.
 */
export async function startGitHubSimulator(
  options: GitHubSimulatorOptions = {},
): Promise<GitHubSimulator> {
  const ctx = await createContext(options);
  try {
    await seedRepository(ctx, options.files ?? { "README.md": `# ${ctx.repo.name}\n` });
  } catch (error) {
    await removeRepo(ctx.gitDir);
    throw error;
  }
  for (const [login, level] of Object.entries(options.collaborators ?? {})) {
    ctx.permissions.set(login, level);
  }

  let dispatchHandler: WorkflowDispatchHandler | undefined;
  const router = new Router();
  registerAppRoutes(router, ctx);
  registerIssueRoutes(router, ctx);
  registerLabelRoutes(router, ctx);
  registerCommentRoutes(router, ctx);
  registerReactionRoutes(router, ctx);
  registerSubIssueRoutes(router, ctx);
  registerDependencyRoutes(router, ctx);
  registerCollaboratorRoutes(router, ctx);
  registerContentRoutes(router, ctx);
  registerGitRoutes(router, ctx);
  registerPullRoutes(router, ctx);
  registerCheckRoutes(router, ctx);
  registerActionsRoutes(router, ctx, () => dispatchHandler);
  registerRulesRoutes(router, ctx);
  registerUserRoutes(router, ctx);

  const faults = new FaultTable();
  // Before every request: notice pushes made straight to git since the last one.
  const server = new SimServer(ctx, router, faults, () => syncPullHeads(ctx));
  ctx.baseUrl = await server.listen();
  let deliverer: WebhookDeliverer | undefined;
  let closing: Promise<void> | undefined;
  const exclusive = <T>(work: () => Promise<T>) =>
    server.exclusive(async () => {
      await syncPullHeads(ctx);
      return work();
    });
  const pullOf = async (number: number) => {
    const pull = ctx.pulls.get(number);
    return pull ? ((await toRestPullRequest(ctx, pull)) as unknown as RestPullRequest) : undefined;
  };

  const sim: GitHubSimulator = {
    url: ctx.baseUrl,
    owner: ctx.repo.owner,
    repo: ctx.repo.name,
    defaultBranch: ctx.repo.defaultBranch,
    installationId: ctx.repo.installationId,
    gitDir: ctx.gitDir,
    requests: server.requests,
    unhandled: server.unhandled,
    violations: ctx.violations,
    emitted: ctx.events.emitted,
    get deliverer() {
      return deliverer;
    },

    close() {
      closing ??= (async () => {
        for (const run of ctx.workflowRuns.all())
          run.controller.abort(new Error("simulator closed"));
        await server.close();
        await removeRepo(ctx.gitDir);
      })();
      return closing;
    },

    issueToken(tokenOptions = {}) {
      return ctx.tokens.issue({ login: tokenOptions.login ?? `${ctx.repo.appSlug}[bot]` }).token;
    },

    createIssue: (input) =>
      exclusive(async () => {
        const issue = await openIssue(ctx, input, input.user ?? DEFAULT_USER);
        return toRestIssue(ctx, issue) as unknown as RestIssue;
      }),
    addLabels: (number, labels, seed = {}) =>
      exclusive(() => addLabels(ctx, requireIssue(ctx, number), labels, seed.user ?? DEFAULT_USER)),
    removeLabel: (number, label, seed = {}) =>
      exclusive(async () => {
        await removeLabel(ctx, requireIssue(ctx, number), label, seed.user ?? DEFAULT_USER);
      }),
    createComment: (number, body, seed = {}) =>
      exclusive(async () => {
        const comment = await addComment(
          ctx,
          requireIssue(ctx, number),
          body,
          seed.user ?? DEFAULT_USER,
        );
        return toRestComment(ctx, comment) as unknown as RestComment;
      }),
    createLabel(name, labelOptions = {}) {
      const label = ctx.labels.create(name, labelOptions.color, labelOptions.description ?? null);
      return toRestLabel(ctx, label) as unknown as RestLabel;
    },
    setPermission(login, level) {
      ctx.permissions.set(login, level);
    },
    commitFiles: (branch, files, message = `Update ${Object.keys(files).join(", ")}`) =>
      exclusive(() => commitOnBranch(ctx, branch, files, message)),
    createPullRequest: (input) =>
      exclusive(async () => {
        const pull = await openPullRequest(
          ctx,
          {
            title: input.title,
            body: input.body ?? null,
            head: input.head,
            base: input.base ?? ctx.repo.defaultBranch,
          },
          input.user ?? DEFAULT_USER,
        );
        return (await toRestPullRequest(ctx, pull)) as unknown as RestPullRequest;
      }),
    requireChecks(branch, contexts, ruleOptions = {}) {
      ctx.rulesets.requireChecks(branch, contexts, ruleOptions.strict ?? false);
    },

    issue(number) {
      const issue = ctx.issues.get(number);
      return issue ? (toRestIssue(ctx, issue) as unknown as RestIssue) : undefined;
    },
    issues() {
      return ctx.issues
        .all()
        .filter((issue) => !issue.isPullRequest)
        .map((issue) => toRestIssue(ctx, issue) as unknown as RestIssue);
    },
    comments(number) {
      const comments = number === undefined ? ctx.comments.all() : ctx.comments.forIssue(number);
      return comments.map((comment) => toRestComment(ctx, comment) as unknown as RestComment);
    },
    labels() {
      return ctx.labels.all().map((label) => toRestLabel(ctx, label) as unknown as RestLabel);
    },
    subIssues: (number) => ctx.subIssues.childrenOf(number),
    parentOf: (number) => ctx.subIssues.parentOf(number),
    blockedBy: (number) => ctx.dependencies.blockersOf(number),
    blocking: (number) => ctx.dependencies.blockedBy(number),
    reactions(subject) {
      const on =
        "issue" in subject
          ? ({ kind: "issue", number: subject.issue } as const)
          : ({ kind: "comment", id: subject.comment } as const);
      return ctx.reactions
        .on(on)
        .map((reaction) => toRestReaction(ctx, reaction) as unknown as RestReaction);
    },
    pull: (number) => exclusive(() => pullOf(number)),
    pulls: () =>
      exclusive(async () => {
        const pulls = await Promise.all(ctx.pulls.all().map((pull) => pullOf(pull.number)));
        return pulls.filter((pull): pull is RestPullRequest => pull !== undefined);
      }),
    checkRuns(sha) {
      const runs = sha === undefined ? ctx.checkRuns.all() : ctx.checkRuns.forSha(sha);
      return runs.map((run) => toRestCheckRun(ctx, run) as unknown as RestCheckRun);
    },
    statuses: (sha) =>
      ctx.statuses.forSha(sha).map((status) => toRestStatus(ctx, status) as unknown as RestStatus),
    workflowRuns: () =>
      Promise.all(
        ctx.workflowRuns
          .all()
          .map(async (run) => (await loadRestWorkflowRun(ctx, run)) as unknown as RestWorkflowRun),
      ),
    refSha: (ref) => resolveCommit(ctx.gitDir, ref),
    async readFile(path, ref = ctx.repo.defaultBranch) {
      const commit = await resolveCommit(ctx.gitDir, ref);
      const object = commit ? await statPath(ctx.gitDir, commit, path) : undefined;
      if (object?.type !== "blob") return undefined;
      return (await readBlob(ctx.gitDir, object.sha)).toString("utf8");
    },

    onWorkflowDispatch(handler) {
      dispatchHandler = handler;
      return () => {
        if (dispatchHandler === handler) dispatchHandler = undefined;
      };
    },
    updateWorkflowRun: (runId, update) =>
      exclusive(async () => {
        const run = ctx.workflowRuns.get(runId);
        if (!run) throw new Error(`no workflow run ${runId}`);
        await updateWorkflowRun(ctx, run, update, `${ctx.repo.appSlug}[bot]`);
        return (await loadRestWorkflowRun(ctx, run)) as unknown as RestWorkflowRun;
      }),
    async waitForWorkflowHandlers() {
      while (ctx.workflowRuns.pending.size > 0) await Promise.all([...ctx.workflowRuns.pending]);
    },

    injectFault: (fault) => {
      faults.add(fault);
    },
    clearFaults: () => faults.clear(),

    connectApp(delivererOptions) {
      deliverer = createWebhookDeliverer({ appId: ctx.repo.appId, ...delivererOptions });
      ctx.events.sink = deliverer;
      return deliverer;
    },
    async flushWebhooks() {
      await exclusive(async () => undefined);
      await deliverer?.flush();
    },
  };
  return sim;
}

async function createContext(options: GitHubSimulatorOptions): Promise<SimContext> {
  const defaultBranch = options.defaultBranch ?? "main";
  const ids = new IdSource();
  const violations: SimContext["violations"] = [];
  return {
    repo: {
      id: 700_000_001,
      owner: options.owner ?? "octo-org",
      name: options.repo ?? "widgets",
      defaultBranch,
      private: options.private ?? true,
      installationId: options.installationId ?? 4242,
      appId: options.appId ?? TEST_APP.id,
      appSlug: options.appSlug ?? TEST_APP.slug,
      createdAt: timestamp(),
    },
    gitDir: await initBareRepo(defaultBranch),
    baseUrl: "",
    ids,
    users: new UserDirectory(ids),
    tokens: new TokenStore(),
    permissions: new PermissionStore(),
    labels: new LabelStore(ids),
    issues: new IssueStore(ids),
    comments: new CommentStore(ids),
    reactions: new ReactionStore(ids),
    subIssues: new SubIssueStore(),
    dependencies: new DependencyStore(),
    pulls: new PullStore(ids),
    checkRuns: new CheckRunStore(ids),
    statuses: new StatusStore(ids),
    workflowRuns: new WorkflowRunStore(ids),
    rulesets: new RulesetStore(ids),
    events: new WebhookEmitter(violations),
    violations,
    treeEntryLimit: options.treeEntryLimit ?? 100_000,
  };
}

async function seedRepository(ctx: SimContext, files: Record<string, string>): Promise<void> {
  const branch = ctx.repo.defaultBranch;
  await commitToBranch(ctx.gitDir, { branch, files, message: "Initial commit", parent: undefined });
}

/** Commits on `branch`, created from the default branch when it does not exist yet. */
async function commitOnBranch(
  ctx: SimContext,
  branch: string,
  files: Record<string, string | null>,
  message: string,
): Promise<string> {
  const parent =
    (await branchSha(ctx.gitDir, branch)) ?? (await branchSha(ctx.gitDir, ctx.repo.defaultBranch));
  return commitToBranch(ctx.gitDir, { branch, files, message, parent });
}

function requireIssue(ctx: SimContext, number: number) {
  const issue = ctx.issues.get(number);
  if (!issue) throw new Error(`no issue #${number}`);
  return issue;
}
