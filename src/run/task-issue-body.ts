import { renderTaskSpecMarker, taskBranch } from "../plan/task-spec.ts";
import type { ValidatedTask } from "../plan/validate-plan.ts";

/** The sub-issue a person reads (and the executor parses): the task in words, then its spec. */
export function renderTaskIssueBody(
  task: ValidatedTask,
  parent: number,
  issueNumbers: ReadonlyMap<string, number>,
): string {
  const dependencies = task.dependsOn.map((key) => {
    const number = issueNumbers.get(key);
    const added = task.addedDependsOn.find((edge) => edge.key === key);
    const why = added ? ` — added by fanout: both tasks change \`${added.file}\`` : "";
    return `- ${number ? `#${number}` : "(not created yet)"} (\`${key}\`)${why}`;
  });
  return [
    `Part of #${parent} · planned by fanout`,
    `**Type:** ${task.type} · **Complexity:** ${task.complexity}`,
    "### Steps",
    task.steps.map((step, index) => `${index + 1}. ${step}`).join("\n"),
    "### Files",
    task.files.length ? task.files.map((file) => `- \`${file}\``).join("\n") : "- (none declared)",
    "### Acceptance criteria",
    task.acceptance.map((criterion) => `- [ ] ${criterion}`).join("\n"),
    ...(dependencies.length ? ["### Depends on", dependencies.join("\n")] : []),
    `<sub>An executor works on this on branch \`${taskBranch(parent, task.key)}\`. Edits to this issue after planning are not read by it.</sub>`,
    renderTaskSpecMarker({ ...task, parent }),
  ].join("\n\n");
}
