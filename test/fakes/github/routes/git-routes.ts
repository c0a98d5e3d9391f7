import { setIssueState } from "../changes/issue-changes.ts";
import {
  deleteRef,
  isAncestor,
  listRefs,
  objectExists,
  resolveCommit,
  resolveRefExact,
  updateRef,
} from "../git/bare-repo.ts";
import { diffFiles, readCommit } from "../git/read-objects.ts";
import { runGit } from "../git/run-git.ts";
import { basicError, notFound, validationFailed } from "../http/http-error.ts";
import type { Router } from "../http/router.ts";
import { toRestCommit, toRestRef } from "../rest/git-objects.ts";
import type { SimContext } from "../sim-context.ts";
import { bodyOf, json, noContent, repoRoutes, stringField } from "./route-helpers.ts";

/** Refs and commits; every answer reads git afresh, so pushes by other processes show at once. */
export function registerGitRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("GET", "/git/ref/{ref+}", async (request) => {
    const ref = `refs/${request.params.ref ?? ""}`;
    const sha = await resolveRefExact(ctx.gitDir, ref);
    if (!sha) throw notFound();
    return json(toRestRef(ctx, ref, sha));
  });

  repo("GET", "/git/matching-refs/{ref+}", async (request) => {
    const prefix = `refs/${request.params.ref ?? ""}`;
    const refs = await listRefs(ctx.gitDir, prefix);
    return json(refs.map((entry) => toRestRef(ctx, entry.ref, entry.sha)));
  });

  repo("POST", "/git/refs", async (request) => {
    const body = bodyOf(request);
    const ref = stringField(body, "ref") ?? "";
    const sha = stringField(body, "sha") ?? "";
    if (!/^refs\/[^/]+\/.+/.test(ref)) {
      throw validationFailed(
        "Reference name is not valid: it must start with 'refs' and have at least two slashes.",
      );
    }
    if (!/^[0-9a-f]{40}$/.test(sha) || !(await objectExists(ctx.gitDir, sha))) {
      throw validationFailed("Object does not exist");
    }
    if (!(await updateRef(ctx.gitDir, ref, sha, null)))
      throw validationFailed("Reference already exists");
    return json(toRestRef(ctx, ref, sha), 201);
  });

  repo("PATCH", "/git/refs/{ref+}", async (request) => {
    const ref = `refs/${request.params.ref ?? ""}`;
    const body = bodyOf(request);
    const sha = stringField(body, "sha") ?? "";
    const current = await resolveRefExact(ctx.gitDir, ref);
    if (!current) throw validationFailed("Reference does not exist");
    if (!/^[0-9a-f]{40}$/.test(sha) || !(await objectExists(ctx.gitDir, sha))) {
      throw validationFailed("Object does not exist");
    }
    if (body.force !== true && !(await isAncestor(ctx.gitDir, current, sha))) {
      throw validationFailed("Update is not a fast forward");
    }
    if (!(await updateRef(ctx.gitDir, ref, sha, current)))
      throw basicError(409, "Reference update failed");
    return json(toRestRef(ctx, ref, sha));
  });

  repo("DELETE", "/git/refs/{ref+}", async (request) => {
    const ref = `refs/${request.params.ref ?? ""}`;
    // GitHub describes this 422 ("Reference does not exist") without a body.
    if (!(await resolveRefExact(ctx.gitDir, ref))) return { status: 422 };
    await deleteRef(ctx.gitDir, ref);
    // Deleting the head branch of an open PR closes the PR, as on GitHub.
    for (const pull of ctx.pulls.all()) {
      const issue = ctx.issues.get(pull.number);
      if (issue?.state === "open" && `refs/heads/${pull.headRef}` === ref) {
        await setIssueState(ctx, issue, "closed", null, request.actor.login);
      }
    }
    return noContent();
  });

  repo("GET", "/commits/{ref+}", async (request) => {
    const name = request.params.ref ?? "";
    const sha = await resolveCommit(ctx.gitDir, name);
    if (!sha) throw validationFailed(`No commit found for SHA: ${name}`);
    const commit = await readCommit(ctx.gitDir, sha);
    const parent = commit.parents[0] ?? (await emptyTree(ctx));
    return json(toRestCommit(ctx, commit, await diffFiles(ctx.gitDir, parent, sha)));
  });
}

/** git's well-known empty tree, the "parent" of a root commit for diffs. */
async function emptyTree(ctx: SimContext): Promise<string> {
  return runGit(ctx.gitDir, ["hash-object", "-t", "tree", "-w", "--stdin"], { input: "" });
}
