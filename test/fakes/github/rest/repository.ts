import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import { fullName, repoApiUrl, repoHtmlUrl } from "./urls.ts";
import { toSimpleUser } from "./user.ts";

/**
 * The repository as `GET /repos/{owner}/{repo}` returns it; a superset of `repository`,
 * `minimal-repository` and the webhooks' `repository`, so one object serves every place.
 * `clone_url` is a file URL of the bare repository so a child process can clone what the API
 * names (simplification: GitHub gives an https URL).
 */
export function toRestRepository(ctx: SimContext): Record<string, unknown> {
  const api = repoApiUrl(ctx);
  const html = repoHtmlUrl(ctx);
  const openIssues = ctx.issues.all().filter((issue) => issue.state === "open").length;
  return {
    id: ctx.repo.id,
    node_id: nodeId("R", ctx.repo.id),
    name: ctx.repo.name,
    full_name: fullName(ctx),
    private: ctx.repo.private,
    owner: toSimpleUser(ctx, ctx.repo.owner),
    html_url: html,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://github.com/${fullName(ctx)}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@github.com:${fullName(ctx)}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `file://${ctx.gitDir}`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: ctx.repo.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: ctx.repo.private ? "private" : "public",
    pushed_at: ctx.repo.createdAt,
    created_at: ctx.repo.createdAt,
    updated_at: ctx.repo.createdAt,
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_update_branch: true,
    allow_forking: false,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
}

/** The GitHub App behind issued tokens (`integration`), as check runs name it. */
export function toRestApp(ctx: SimContext): Record<string, unknown> {
  return {
    id: ctx.repo.appId,
    slug: ctx.repo.appSlug,
    node_id: nodeId("A", ctx.repo.appId),
    client_id: `Iv1.${ctx.repo.appId.toString(16).padStart(16, "0")}`,
    owner: toSimpleUser(ctx, ctx.repo.owner),
    name: ctx.repo.appSlug,
    description: "",
    external_url: `https://github.com/apps/${ctx.repo.appSlug}`,
    html_url: `https://github.com/apps/${ctx.repo.appSlug}`,
    created_at: ctx.repo.createdAt,
    updated_at: ctx.repo.createdAt,
    permissions: APP_PERMISSIONS,
    events: ["issues", "issue_comment", "pull_request", "check_run", "workflow_run", "sub_issues"],
  };
}

/** What fanout's app.yml asks for; issued tokens carry the same. */
export const APP_PERMISSIONS: Record<string, string> = {
  actions: "write",
  checks: "write",
  contents: "write",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
  statuses: "write",
};
