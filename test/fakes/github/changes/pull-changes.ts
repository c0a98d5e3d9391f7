import { sendWebhook } from "../events/payloads.ts";
import { branchSha, branchShas, commitsBetween, forgetRefs, updateRef } from "../git/bare-repo.ts";
import { buildMergeCommit, type MergeMethod, mergeBaseIntoHead } from "../git/merge.ts";
import { readCommit } from "../git/read-objects.ts";
import { DOCS_URL, HttpError, validationFailed } from "../http/http-error.ts";
import { toRestPullRequest } from "../rest/pull-request.ts";
import type { SimContext } from "../sim-context.ts";
import { timestamp } from "../state/ids.ts";
import type { IssueRecord } from "../state/issues.ts";
import { inspectPull } from "../state/pull-git-state.ts";
import type { PullRecord } from "../state/pulls.ts";
import { evaluateChecks } from "../state/required-checks.ts";
import { setIssueState } from "./issue-changes.ts";
import { notifyIssue } from "./notify-issue.ts";

export interface NewPull {
  title: string;
  body?: string | null;
  head: string;
  base: string;
  draft?: boolean;
  maintainerCanModify?: boolean;
}

export async function openPullRequest(
  ctx: SimContext,
  input: NewPull,
  actor: string,
): Promise<PullRecord> {
  const [headOwner, headRef] = input.head.includes(":")
    ? (input.head.split(/:(.*)/s) as [string, string])
    : [ctx.repo.owner, input.head];
  // Simplification: no forks, so a head in another account cannot exist.
  const headSha =
    headOwner.toLowerCase() === ctx.repo.owner.toLowerCase()
      ? await branchSha(ctx.gitDir, headRef)
      : undefined;
  if (!headSha) throw invalidField("head");
  const baseSha = await branchSha(ctx.gitDir, input.base);
  if (!baseSha) throw invalidField("base");
  const duplicate = ctx.pulls
    .all()
    .find(
      (pull) =>
        pull.headRef === headRef &&
        pull.baseRef === input.base &&
        ctx.issues.get(pull.number)?.state === "open",
    );
  if (duplicate) {
    throw validationFailed("Validation Failed", [
      {
        resource: "PullRequest",
        field: "",
        code: "custom",
        message: `A pull request already exists for ${ctx.repo.owner}:${headRef}.`,
      },
    ]);
  }
  if ((await commitsBetween(ctx.gitDir, baseSha, headSha)).length === 0) {
    throw validationFailed("Validation Failed", [
      {
        resource: "PullRequest",
        field: "",
        code: "custom",
        message: `No commits between ${input.base} and ${headRef}`,
      },
    ]);
  }
  const issue = ctx.issues.create(
    {
      title: input.title,
      body: input.body ?? null,
      user: actor,
      labels: [],
      assignees: [],
      isPullRequest: true,
    },
    timestamp(),
  );
  const pull = ctx.pulls.create({
    number: issue.number,
    headRef,
    baseRef: input.base,
    headSha,
    baseSha,
    draft: input.draft ?? false,
    maintainerCanModify: input.maintainerCanModify ?? true,
  });
  await notifyIssue(ctx, issue, "opened", actor);
  return pull;
}

function invalidField(field: "head" | "base"): HttpError {
  return validationFailed("Validation Failed", [
    { resource: "PullRequest", field, code: "invalid" },
  ]);
}

/**
 * Notices pushes made straight to git (a child process's `git push`, a ref update) and sends
 * `pull_request.synchronize` for each moved PR head, as GitHub does after a push. The pusher is
 * unknown to a bare repository, so the sender is the PR's author (simplification).
 */
export async function syncPullHeads(ctx: SimContext): Promise<void> {
  // Whatever was pushed since the last request is read from git now.
  forgetRefs(ctx.gitDir);
  const open = ctx.pulls.all().filter((pull) => ctx.issues.get(pull.number)?.state === "open");
  if (open.length === 0) return;
  const branches = await branchShas(ctx.gitDir);
  for (const pull of open) {
    const issue = ctx.issues.get(pull.number) as IssueRecord;
    pull.baseSha = branches.get(pull.baseRef) ?? pull.baseSha;
    const current = branches.get(pull.headRef);
    if (!current || current === pull.headSha) continue;
    await synchronize(ctx, pull, issue, current, issue.user);
  }
}

async function synchronize(
  ctx: SimContext,
  pull: PullRecord,
  issue: IssueRecord,
  after: string,
  sender: string,
): Promise<void> {
  const before = pull.headSha;
  pull.headSha = after;
  issue.updatedAt = timestamp();
  const fields = {
    number: pull.number,
    before,
    after,
    pull_request: await toRestPullRequest(ctx, pull),
  };
  sendWebhook(ctx, "pull_request", "synchronize", fields, sender);
}

export interface MergeInput {
  sha?: string;
  method: MergeMethod;
  commitTitle?: string;
  commitMessage?: string;
}

/** `PUT /pulls/{n}/merge` with GitHub's guards, in GitHub's order; throws its error answers. */
export async function mergePull(
  ctx: SimContext,
  pull: PullRecord,
  input: MergeInput,
  actor: string,
): Promise<string> {
  const issue = ctx.issues.get(pull.number) as IssueRecord;
  if (pull.merged || issue.state === "closed") throw notMergeable("Pull Request is not mergeable");
  const git = await inspectPull(ctx, pull);
  if (input.sha !== undefined && input.sha !== git.headSha) {
    throw answer(409, "Head branch was modified. Review and try the merge again.");
  }
  if (pull.draft) throw notMergeable("Pull Request is still a draft");
  if (git.mergeable === false) throw notMergeable("Pull Request is not mergeable");
  const required = ctx.rulesets.forBranch(pull.baseRef);
  const verdict = evaluateChecks(ctx, pull.baseRef, git.headSha);
  if (required && verdict.unmet.length > 0) {
    // Approximates GitHub's wording for a ruleset's required checks that did not pass.
    const unmet = verdict.unmet.map((context) => `Required status check "${context}" is expected.`);
    throw notMergeable(`Repository rule violations found\n\n${unmet.join("\n")}\n`);
  }
  if (git.mergeableState === "behind") {
    throw notMergeable("Head branch is out of date. Review and try the merge again.");
  }
  const message = await mergeMessage(ctx, pull, issue, git.baseSha, git.headSha, input);
  const outcome = await buildMergeCommit(ctx.gitDir, {
    method: input.method,
    baseSha: git.baseSha,
    headSha: git.headSha,
    message,
  });
  if (!outcome.ok) throw notMergeable("Pull Request is not mergeable");
  const moved = await updateRef(ctx.gitDir, `refs/heads/${pull.baseRef}`, outcome.sha, git.baseSha);
  if (!moved) throw answer(409, "Base branch was modified. Review and try the merge again.");
  pull.headSha = git.headSha;
  pull.merged = true;
  pull.mergedAt = timestamp();
  pull.mergedBy = actor;
  pull.mergeCommitSha = outcome.sha;
  await setIssueState(ctx, issue, "closed", null, actor);
  if (pull.baseRef === ctx.repo.defaultBranch) await closeReferencedIssues(ctx, issue, actor);
  return outcome.sha;
}

function notMergeable(message: string): HttpError {
  return answer(405, message);
}

function answer(status: number, message: string): HttpError {
  return new HttpError(status, { message, documentation_url: DOCS_URL });
}

async function mergeMessage(
  ctx: SimContext,
  pull: PullRecord,
  issue: IssueRecord,
  baseSha: string,
  headSha: string,
  input: MergeInput,
): Promise<string> {
  let title = `Merge pull request #${pull.number} from ${ctx.repo.owner}/${pull.headRef}`;
  let body = issue.title;
  if (input.method === "squash") {
    title = `${issue.title} (#${pull.number})`;
    const commits = await commitsBetween(ctx.gitDir, baseSha, headSha);
    const messages = await Promise.all(commits.map((sha) => readCommit(ctx.gitDir, sha)));
    body = messages.map((commit) => `* ${commit.message.trim()}`).join("\n\n");
  }
  return `${input.commitTitle ?? title}\n\n${input.commitMessage ?? body}\n`;
}

const CLOSING_KEYWORDS = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+#(\d+)\b/gi;

/** A merged PR into the default branch closes the issues its body names with a closing keyword. */
async function closeReferencedIssues(
  ctx: SimContext,
  pr: IssueRecord,
  actor: string,
): Promise<void> {
  for (const match of (pr.body ?? "").matchAll(CLOSING_KEYWORDS)) {
    const issue = ctx.issues.get(Number(match[1]));
    if (issue && !issue.isPullRequest)
      await setIssueState(ctx, issue, "closed", "completed", actor);
  }
}

/** `PUT /pulls/{n}/update-branch`: merges the base into the head with git; throws GitHub's 422s. */
export async function updatePullBranch(
  ctx: SimContext,
  pull: PullRecord,
  expectedHeadSha: string | undefined,
  actor: string,
): Promise<void> {
  const issue = ctx.issues.get(pull.number) as IssueRecord;
  if (issue.state !== "open") throw validationFailed("Pull request is closed.");
  const git = await inspectPull(ctx, pull);
  if (expectedHeadSha !== undefined && expectedHeadSha !== git.headSha) {
    throw validationFailed("expected head sha didn't match current head ref.");
  }
  if ((await commitsBetween(ctx.gitDir, git.headSha, git.baseSha)).length === 0) {
    throw validationFailed("There are no new commits on the base branch.");
  }
  const outcome = await mergeBaseIntoHead(
    ctx.gitDir,
    git.headSha,
    git.baseSha,
    `Merge branch '${pull.baseRef}' into ${pull.headRef}\n`,
  );
  if (!outcome.ok) throw validationFailed("merge conflict between base and head");
  const moved = await updateRef(ctx.gitDir, `refs/heads/${pull.headRef}`, outcome.sha, git.headSha);
  if (!moved) throw validationFailed("expected head sha didn't match current head ref.");
  await synchronize(ctx, pull, issue, outcome.sha, actor);
}
