import { type IssueFields, shapeIssue } from "./issue-shape.ts";
import type { BuiltWebhook, CommonOptions } from "./payload-base.ts";
import { repositoryUrls, resolveRepository, startFromExample } from "./payload-base.ts";

export type SubIssuesAction =
  | "sub_issue_added"
  | "sub_issue_removed"
  | "parent_issue_added"
  | "parent_issue_removed";

/** The two issues a sub-issue link joins. */
export type SubIssueLink = CommonOptions & { parent: IssueFields; subIssue: IssueFields };

/**
 * `sub_issues.<action>`. `@octokit/webhooks-examples` has no sub-issue examples, so the payload
 * is assembled to `@octokit/openapi-webhooks`' schema from the parts other examples provide: the
 * issues come from `issues.labeled`, the repositories from the same event. GitHub sends the
 * `sub_issue_*` actions for the parent's repository (with `sub_issue_repo`) and the
 * `parent_issue_*` actions for the sub-issue's (with `parent_issue_repo`); both issues live in
 * `repository` here.
 */
export function subIssuesEvent<A extends SubIssuesAction>(
  action: A,
  options: SubIssueLink,
): BuiltWebhook<`sub_issues.${A}`> {
  const base = startFromExample("issues.labeled", options);
  const repo = resolveRepository(options.repository);
  const { api } = repositoryUrls(repo);
  const removed = action.endsWith("_removed");
  const parentFields = { number: 1, ...options.parent };
  const parent = {
    ...shapeIssue(base.issue, parentFields, repo),
    sub_issues_summary: { total: removed ? 0 : 1, completed: 0, percent_completed: 0 },
  };
  const sub = {
    ...shapeIssue(base.issue, { number: 2, ...options.subIssue }, repo),
    parent_issue_url: removed ? null : `${api}/issues/${parent.number}`,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
  };
  const linkedRepo = action.startsWith("sub_issue") ? "sub_issue_repo" : "parent_issue_repo";
  const payload = {
    action,
    parent_issue_id: parent.id,
    parent_issue: parent,
    sub_issue_id: sub.id,
    sub_issue: sub,
    [linkedRepo]: base.repository,
    installation: base.installation,
    repository: base.repository,
    sender: base.sender,
  };
  return { name: "sub_issues", payload } as unknown as BuiltWebhook<`sub_issues.${A}`>;
}

/** `sub_issues.sub_issue_added`: `subIssue` was added as a sub-issue of `parent`. */
export function subIssueAdded(options: SubIssueLink): BuiltWebhook<"sub_issues.sub_issue_added"> {
  return subIssuesEvent("sub_issue_added", options);
}

/** `sub_issues.parent_issue_added`: `subIssue` got `parent` as its parent. */
export function parentIssueAdded(
  options: SubIssueLink,
): BuiltWebhook<"sub_issues.parent_issue_added"> {
  return subIssuesEvent("parent_issue_added", options);
}
