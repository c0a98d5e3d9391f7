import type { GitHub, Repo } from "../github/client.ts";
import { readTaskSpec } from "../plan/task-spec.ts";
import type { ValidatedPlan } from "../plan/validate-plan.ts";
import { renderTaskIssueBody } from "./task-issue-body.ts";

export const TASK_LABEL = {
  name: "fanout:task",
  color: "5319e7",
  description: "A task fanout planned from a parent issue",
};

export type SubIssue = { number: number; id: number };

type Parent = { number: number; startedAt: string };

/**
 * Makes GitHub hold one sub-issue per task, linked to the parent and blocked by its dependencies,
 * creating only what is missing. Existing ones are found by task key (in their marker), among the
 * parent's sub-issues and among task issues created since the run started, which covers a crash
 * between creating an issue and linking it.
 */
export async function ensureSubIssues(
  github: GitHub,
  repo: Repo,
  parent: Parent,
  plan: ValidatedPlan,
): Promise<Map<string, SubIssue>> {
  const linked = await listLinkedSubIssues(github, repo, parent.number);
  const found = await findTaskIssues(github, repo, parent);
  const byKey = new Map([...found, ...linked.byKey]);
  const numbers = new Map([...byKey].map(([key, issue]) => [key, issue.number]));

  for (const task of plan.tasks) {
    let issue = byKey.get(task.key);
    if (!issue) {
      const { data } = await github.rest.issues.create({
        ...repo,
        title: task.title,
        body: renderTaskIssueBody(task, parent.number, numbers),
        labels: [TASK_LABEL.name],
      });
      issue = { number: data.number, id: data.id };
      byKey.set(task.key, issue);
      numbers.set(task.key, issue.number);
    }
    if (!linked.ids.has(issue.id)) {
      await github.rest.issues.addSubIssue({
        ...repo,
        issue_number: parent.number,
        sub_issue_id: issue.id,
      });
      linked.ids.add(issue.id);
    }
  }
  await ensureDependencies(github, repo, plan, byKey);
  return byKey;
}

async function listLinkedSubIssues(github: GitHub, repo: Repo, parent: number) {
  const subIssues = await github.paginate(github.rest.issues.listSubIssues, {
    ...repo,
    issue_number: parent,
    per_page: 100,
  });
  const byKey = new Map<string, SubIssue>();
  for (const issue of subIssues) {
    const spec = readTaskSpec(issue.body);
    if (spec?.parent === parent) byKey.set(spec.key, { number: issue.number, id: issue.id });
  }
  return { byKey, ids: new Set(subIssues.map((issue) => issue.id)) };
}

async function findTaskIssues(
  github: GitHub,
  repo: Repo,
  parent: Parent,
): Promise<Map<string, SubIssue>> {
  const issues = await github.paginate(github.rest.issues.listForRepo, {
    ...repo,
    labels: TASK_LABEL.name,
    state: "all",
    since: parent.startedAt,
    per_page: 100,
  });
  const byKey = new Map<string, SubIssue>();
  for (const issue of issues) {
    const spec = readTaskSpec(issue.body);
    if (spec?.parent === parent.number && issue.user?.type === "Bot" && !byKey.has(spec.key)) {
      byKey.set(spec.key, { number: issue.number, id: issue.id });
    }
  }
  return byKey;
}

async function ensureDependencies(
  github: GitHub,
  repo: Repo,
  plan: ValidatedPlan,
  issues: ReadonlyMap<string, SubIssue>,
) {
  for (const task of plan.tasks) {
    if (task.dependsOn.length === 0) continue;
    const issue = issues.get(task.key)!;
    const existing = await github.paginate(github.rest.issues.listDependenciesBlockedBy, {
      ...repo,
      issue_number: issue.number,
      per_page: 100,
    });
    const blockedBy = new Set(existing.map((blocker) => blocker.id));
    for (const key of task.dependsOn) {
      const blocker = issues.get(key)!;
      if (blockedBy.has(blocker.id)) continue;
      await github.rest.issues.addBlockedByDependency({
        ...repo,
        issue_number: issue.number,
        issue_id: blocker.id,
      });
    }
  }
}
