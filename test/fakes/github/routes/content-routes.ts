import { resolveCommit } from "../git/bare-repo.ts";
import { listTree, readBlob, resolveTree, statPath } from "../git/read-objects.ts";
import { basicError, notFound } from "../http/http-error.ts";
import type { RouteRequest, Router } from "../http/router.ts";
import { toContentBase64, toContentEntry, toRestTreeEntry } from "../rest/git-objects.ts";
import { repoApiUrl } from "../rest/urls.ts";
import type { SimContext } from "../sim-context.ts";
import { json, repoRoutes } from "./route-helpers.ts";

/** Contents and trees, read from the bare repository on every request (pushes show at once). */
export function registerContentRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("GET", "/contents/{path+}", async (request) => {
    const ref = request.query.ref ?? ctx.repo.defaultBranch;
    const commit = await resolveCommit(ctx.gitDir, ref);
    if (!commit) throw basicError(404, `No commit found for the ref ${ref}`);
    const path = (request.params.path ?? "").replace(/^\/+|\/+$/g, "");
    const object = await statPath(ctx.gitDir, commit, path);
    if (!object) throw notFound();
    if (object.type === "tree") {
      const entries = await listTree(ctx.gitDir, commit, path === "" ? {} : { directory: path });
      return json(
        entries.map((entry) =>
          toContentEntry(
            ctx,
            { path: entry.path, sha: entry.sha, type: kindOf(entry.type), size: entry.size ?? 0 },
            ref,
          ),
        ),
      );
    }
    if (object.type === "commit") throw notFound();
    const content = await readBlob(ctx.gitDir, object.sha);
    if (wantsRaw(request)) return { status: 200, raw: content };
    return json({
      ...toContentEntry(ctx, { path, sha: object.sha, type: "file", size: content.length }, ref),
      content: toContentBase64(content),
      encoding: "base64",
    });
  });

  repo("GET", "/git/trees/{tree_sha}", async (request) => {
    const treeish = request.params.tree_sha ?? "";
    const sha = await resolveTree(ctx.gitDir, treeish);
    if (!sha) throw notFound();
    const recursive = request.query.recursive !== undefined;
    const entries = await listTree(ctx.gitDir, sha, { recursive });
    // GitHub cuts recursive trees off at a size limit and says so with `truncated`.
    const truncated = entries.length > ctx.treeEntryLimit;
    return json({
      sha,
      url: `${repoApiUrl(ctx)}/git/trees/${sha}`,
      tree: entries.slice(0, ctx.treeEntryLimit).map((entry) => toRestTreeEntry(ctx, entry)),
      truncated,
    });
  });
}

function kindOf(type: "blob" | "tree" | "commit"): "file" | "dir" | "submodule" {
  return type === "blob" ? "file" : type === "tree" ? "dir" : "submodule";
}

/** `Accept: application/vnd.github.raw` (Octokit's `mediaType: { format: "raw" }`). */
function wantsRaw(request: RouteRequest): boolean {
  const accept = String(request.headers.accept ?? "");
  return /application\/vnd\.github(\.v3)?\.raw/.test(accept);
}
