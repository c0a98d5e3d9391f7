import type { FanoutConfig } from "../config/config-schema.ts";
import { totalTokens } from "../cost/usage.ts";
import { EXECUTOR_WORKFLOW_TEMPLATE } from "../run/executor-workflow-template.ts";
import { type RunRecord, renderRunMarker } from "../run/run-record.ts";
import type { TaskStatus } from "../run/run-state.ts";
import { renderDependencyGraph } from "./dependency-graph.ts";
import { escapeTableCell, formatTokens, formatUsd } from "./format.ts";

export type TrackingView = {
  record: RunRecord;
  config: FanoutConfig;
  /** Sub-issue number per task key, for the ones that exist. */
  subIssues: ReadonlyMap<string, number>;
  estimateUsd?: number | undefined;
  /** Observed status per task key; absent while the plan is only written. */
  statuses?: ReadonlyMap<string, TaskView> | undefined;
  /** Shown when the executor workflow could not be dispatched. */
  setupProblem?: string | undefined;
};

export type TaskView = {
  status: TaskStatus;
  attempts: number;
  pullRequest?: number | undefined;
  runUrl?: string | undefined;
};

/** The one comment fanout keeps on the parent issue, rendered from the record and what it observed. */
export function renderTrackingComment(view: TrackingView): string {
  const sections = [heading(view), ...body(view), renderRunMarker(view.record)];
  return sections.join("\n\n");
}

function heading({ record, config }: TrackingView): string {
  switch (record.phase) {
    case "planning":
      return `### fanout · planning…\n\n👀 The planner (\`${config.planner.model}\`) is reading this issue. This comment will show the plan.`;
    case "failed":
      return "### fanout · planning failed";
    case "planned":
      return `### fanout · plan: ${record.plan?.tasks.length ?? 0} tasks`;
  }
}

function body(view: TrackingView): string[] {
  const { record } = view;
  if (record.phase === "planning") return [];
  if (record.phase === "failed") return [failure(view), plannerCost(view)].filter(Boolean);
  return [
    approvalNotice(view),
    setupNotice(view),
    record.plan ? `> ${escapeQuote(record.plan.rationale)}` : "",
    taskTable(view),
    graph(view),
    costSummary(view),
  ].filter(Boolean);
}

function failure({ record, config }: TrackingView): string {
  const errors = record.errors.map((error) => `- ${error}`).join("\n");
  return [
    "fanout could not make a valid plan for this issue, so it created nothing:",
    errors,
    `Make the issue more specific (or raise the limits in \`.github/fanout.yml\`), then remove and add the \`${config.trigger_label}\` label to try again.`,
  ].join("\n\n");
}

function approvalNotice({ record, config }: TrackingView): string {
  if (!config.planner.require_approval) return "";
  if (record.approvedBy) return `✅ Approved by @${record.approvedBy}.`;
  return `⏸️ **Waiting for approval.** Nothing runs until someone with ${config.min_permission} access comments \`/approve\` on this issue.`;
}

function setupNotice({ setupProblem, config }: TrackingView): string {
  if (!setupProblem) return "";
  return [
    `⚠️ **fanout cannot start executors:** ${setupProblem}.`,
    `Add this file as \`.github/workflows/${config.executor.workflow}\` on the default branch, set the \`FANOUT_APP_ID\` variable and the \`FANOUT_APP_PRIVATE_KEY\` and \`ANTHROPIC_API_KEY\` secrets, then comment \`/retry\` here.`,
    `<details><summary>Executor workflow template</summary>\n\n\`\`\`yaml\n${EXECUTOR_WORKFLOW_TEMPLATE}\`\`\`\n\n</details>`,
  ].join("\n\n");
}

function taskTable({ record, config, subIssues, statuses }: TrackingView): string {
  const tasks = record.plan?.tasks ?? [];
  const rows = tasks.map((task) => {
    const issue = subIssues.get(task.key);
    const depends = task.dependsOn.length
      ? task.dependsOn
          .map((key) => {
            const added = task.addedDependsOn.find((edge) => edge.key === key);
            return added ? `\`${key}\` (shares \`${added.file}\`)` : `\`${key}\``;
          })
          .join(", ")
      : "—";
    const observed = statuses?.get(task.key);
    const status = observed ? describeStatus(observed) : taskStatus(task.dependsOn, record, config);
    return `| \`${task.key}\` | ${escapeTableCell(task.title)} | ${issue ? `#${issue}` : "not created yet"} | ${depends} | \`${config.executor.model}\` | ${status} |`;
  });
  return [
    "| Task | Title | Sub-issue | Depends on | Model | Status |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function taskStatus(dependsOn: readonly string[], record: RunRecord, config: FanoutConfig): string {
  if (config.planner.require_approval && !record.approvedBy) return "awaiting approval";
  return dependsOn.length === 0 ? "ready" : "waiting for dependencies";
}

const STATUS_TEXT: Record<TaskStatus, string> = {
  waiting: "waiting for dependencies",
  ready: "ready",
  requested: "retry requested",
  dispatched: "dispatched",
  running: "running",
  "pr-open": "PR open",
  failed: "failed",
  "setup-failed": "could not start",
  merged: "merged",
};

function describeStatus(view: TaskView): string {
  const text = STATUS_TEXT[view.status];
  if (view.status === "running" && view.runUrl) return `[${text}](${view.runUrl})`;
  if (view.status === "pr-open" && view.pullRequest) return `${text} #${view.pullRequest}`;
  if (view.status === "failed" && view.attempts > 0) return `${text} (attempt ${view.attempts})`;
  return text;
}

function graph({ record, subIssues }: TrackingView): string {
  const tasks = (record.plan?.tasks ?? []).map((task) => ({
    ...task,
    issueNumber: subIssues.get(task.key),
  }));
  const added = tasks.flatMap((task) =>
    task.addedDependsOn.map((edge) => ({ ...edge, task: task.key })),
  );
  const note = added.length
    ? `\n\nDotted edges were added by fanout: ${added.map((edge) => `\`${edge.task}\` waits for \`${edge.key}\` because both change \`${edge.file}\``).join("; ")}.`
    : "";
  return `${renderDependencyGraph(tasks)}${note}`;
}

function plannerCost({ record }: TrackingView): string {
  const planner = record.planner;
  if (!planner) return "";
  const { usage } = planner;
  return `**Planner:** \`${planner.model}\`, ${formatTokens(totalTokens(usage))} tokens (${formatTokens(usage.input)} input, ${formatTokens(usage.output)} output, ${formatTokens(usage.cacheWrite5m + usage.cacheWrite1h)} cache write, ${formatTokens(usage.cacheRead)} cache read) · ${formatUsd(planner.costUsd)}`;
}

function costSummary(view: TrackingView): string {
  const { config, estimateUsd } = view;
  const estimate = `**Estimated executor cost:** ≈ ${formatUsd(estimateUsd)} on \`${config.executor.model}\` · run budget ${formatUsd(config.budget.per_run_usd)}, ${formatUsd(config.budget.per_task_usd)} per task`;
  return [plannerCost(view), estimate].filter(Boolean).join("\\\n");
}

function escapeQuote(text: string): string {
  return text.replace(/\n+/g, " ");
}
