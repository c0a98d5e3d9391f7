import type { FanoutConfig } from "../config/config-schema.ts";
import type { RunCosts } from "../cost/run-costs.ts";
import { totalTokens, type Usage } from "../cost/usage.ts";
import { EXECUTOR_WORKFLOW_TEMPLATE } from "../run/executor-workflow-template.ts";
import { type RunRecord, renderRunMarker } from "../run/run-record.ts";
import type { TaskStatus } from "../run/run-state.ts";
import { renderBudgetBar } from "./budget-bar.ts";
import { renderDependencyGraph } from "./dependency-graph.ts";
import { renderElapsedLine } from "./elapsed-line.ts";
import { escapeTableCell, formatTokens, formatUsd } from "./format.ts";

export type TaskView = {
  status: TaskStatus;
  attempts: number;
  /** Model of the latest attempt. */
  model?: string | undefined;
  pullRequest?: number | undefined;
  runUrl?: string | undefined;
  reportUrl?: string | undefined;
};

export type TrackingView = {
  record: RunRecord;
  config: FanoutConfig;
  /** Sub-issue number per task key, for the ones that exist. */
  subIssues: ReadonlyMap<string, number>;
  estimateUsd?: number | undefined;
  /** Observed status per task key; absent while the plan is only written. */
  statuses?: ReadonlyMap<string, TaskView> | undefined;
  costs?: RunCosts | undefined;
  /** Shown when the executor workflow could not be dispatched. */
  setupProblem?: string | undefined;
  budgetStopped?: boolean | undefined;
  now?: Date | undefined;
};

/** The one comment fanout keeps on the parent issue, rendered from the record and what it observed. */
export function renderTrackingComment(view: TrackingView): string {
  const elapsed = view.now
    ? renderElapsedLine(view.record.startedAt, view.now, view.record.triggeredBy)
    : "";
  return [heading(view), ...body(view), elapsed, renderRunMarker(view.record)]
    .filter(Boolean)
    .join("\n\n");
}

function heading(view: TrackingView): string {
  const { record, config } = view;
  if (record.phase === "planning") {
    return `### fanout · planning…\n\n👀 The planner (\`${config.planner.model}\`) is reading this issue. This comment will show the plan.`;
  }
  if (record.phase === "failed") return "### fanout · planning failed";
  const total = record.plan?.tasks.length ?? 0;
  if (!view.statuses) return `### fanout · plan: ${total} tasks`;
  const merged = [...view.statuses.values()].filter((task) => task.status === "merged").length;
  if (view.budgetStopped)
    return `### fanout · stopped: budget used up (${merged} of ${total} tasks merged)`;
  if (merged === total) return `### fanout · done: all ${total} tasks merged`;
  return `### fanout · ${merged} of ${total} tasks merged`;
}

function body(view: TrackingView): string[] {
  const { record } = view;
  if (record.phase === "planning") return [];
  if (record.phase === "failed") return [failure(view), plannerLine(view)].filter(Boolean);
  return [
    approvalNotice(view),
    setupNotice(view),
    budgetNotice(view),
    record.plan ? `> ${record.plan.rationale.replace(/\n+/g, " ")}` : "",
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

function budgetNotice({ budgetStopped, config }: TrackingView): string {
  if (!budgetStopped) return "";
  return `⛔ **The run's budget is used up.** Nothing new starts, and any executor still running was cancelled. To continue, raise \`budget.per_run_usd\` (now ${formatUsd(config.budget.per_run_usd)}) in \`.github/fanout.yml\` and comment \`/retry\`.`;
}

const STATUS_TEXT: Record<TaskStatus, string> = {
  waiting: "⏳ waiting for dependencies",
  ready: "ready",
  requested: "🔁 retry requested",
  dispatched: "🚀 dispatched",
  running: "⚙️ running",
  "pr-open": "🔍 PR open",
  failed: "❌ failed",
  "needs-escalation": "🆘 needs escalation",
  cancelled: "⛔ cancelled",
  "setup-failed": "⚠️ could not start",
  merged: "✅ merged",
};

function describeStatus(view: TaskView): string {
  const text = STATUS_TEXT[view.status];
  if ((view.status === "running" || view.status === "dispatched") && view.runUrl)
    return `[${text}](${view.runUrl})`;
  if ((view.status === "failed" || view.status === "needs-escalation") && view.reportUrl)
    return `${text} ([report](${view.reportUrl}))`;
  return text;
}

function taskTable({ record, config, subIssues, statuses, costs }: TrackingView): string {
  const live = Boolean(statuses);
  const header = live
    ? [
        "| Task | Sub-issue | Depends on | Status | Model | Attempts | PR | Tokens | Cost |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ]
    : [
        "| Task | Title | Sub-issue | Depends on | Model | Status |",
        "| --- | --- | --- | --- | --- | --- |",
      ];
  const rows = (record.plan?.tasks ?? []).map((task) => {
    const issue = subIssues.get(task.key);
    const issueCell = issue ? `#${issue}` : "not created yet";
    const depends = task.dependsOn.length
      ? task.dependsOn
          .map((key) => {
            const added = task.addedDependsOn.find((edge) => edge.key === key);
            return added ? `\`${key}\` (shares \`${added.file}\`)` : `\`${key}\``;
          })
          .join(", ")
      : "—";
    const observed = statuses?.get(task.key);
    if (!observed) {
      const status =
        config.planner.require_approval && !record.approvedBy
          ? "awaiting approval"
          : task.dependsOn.length
            ? "waiting for dependencies"
            : "ready";
      return `| \`${task.key}\` | ${escapeTableCell(task.title)} | ${issueCell} | ${depends} | \`${config.executor.model}\` | ${status} |`;
    }
    const cost = costs?.tasks.get(task.key);
    const spent = observed.attempts > 0 && cost ? cost : undefined;
    return [
      "",
      ` \`${task.key}\` ${escapeTableCell(task.title)} `,
      ` ${issueCell} `,
      ` ${depends} `,
      ` ${describeStatus(observed)} `,
      ` \`${observed.model ?? config.executor.model}\` `,
      ` ${observed.attempts} `,
      ` ${observed.pullRequest ? `#${observed.pullRequest}` : "—"} `,
      ` ${spent ? formatTokens(totalTokens(spent.usage)) : "—"} `,
      ` ${spent ? formatUsd(spent.costUsd) : "—"} `,
      "",
    ].join("|");
  });
  return [...header, ...rows].join("\n");
}

function graph({ record, subIssues, statuses }: TrackingView): string {
  const tasks = (record.plan?.tasks ?? []).map((task) => ({
    ...task,
    issueNumber: subIssues.get(task.key),
    status: statuses?.get(task.key)?.status,
  }));
  const added = tasks.flatMap((task) =>
    task.addedDependsOn.map((edge) => ({ ...edge, task: task.key })),
  );
  const note = added.length
    ? `\n\nDotted edges were added by fanout: ${added.map((edge) => `\`${edge.task}\` waits for \`${edge.key}\` because both change \`${edge.file}\``).join("; ")}.`
    : "";
  return `${renderDependencyGraph(tasks)}${note}`;
}

function plannerLine({ record }: TrackingView): string {
  const planner = record.planner;
  if (!planner) return "";
  return `**Planner:** \`${planner.model}\`, ${describeTokens(planner.usage)} · ${formatUsd(planner.costUsd)}`;
}

function describeTokens(usage: Usage): string {
  return `${formatTokens(totalTokens(usage))} tokens (${formatTokens(usage.input)} input, ${formatTokens(usage.output)} output, ${formatTokens(usage.cacheWrite5m + usage.cacheWrite1h)} cache write, ${formatTokens(usage.cacheRead)} cache read)`;
}

function costSummary(view: TrackingView): string {
  const { config, costs, estimateUsd } = view;
  const limit = config.budget.per_run_usd;
  const executorsStarted =
    costs && [...costs.tasks.values()].some((task) => totalTokens(task.usage) > 0);
  if (!costs || !executorsStarted) {
    const estimate = `**Estimated executor cost:** ≈ ${formatUsd(estimateUsd)} on \`${config.executor.model}\` · run budget ${formatUsd(limit)}, ${formatUsd(config.budget.per_task_usd)} per task`;
    return [plannerLine(view), estimate].filter(Boolean).join("\\\n");
  }
  const lines = [
    plannerLine(view),
    `**Total:** ${describeTokens(costs.total.usage)} · ${formatUsd(costs.total.costUsd ?? costs.spentUsd)}${costs.total.costUsd === undefined ? " (known prices only)" : ""}`,
    `**Budget:** ${renderBudgetBar(costs.spentUsd, limit)} of ${formatUsd(limit)}`,
    saving(costs, view.record.planner?.model ?? config.planner.model),
    costs.unpricedModels.length
      ? `**Cost unknown** for ${costs.unpricedModels.map((model) => `\`${model}\``).join(", ")}: add its price under \`pricing\` in \`.github/fanout.yml\`.`
      : "",
  ];
  return lines.filter(Boolean).join("\\\n");
}

function saving(costs: RunCosts, plannerModel: string): string {
  const actual = costs.total.costUsd;
  const alternative = costs.onPlannerModelUsd;
  if (actual === undefined || alternative === undefined || alternative <= 0) return "";
  const saved = alternative - actual;
  if (saved < 0)
    return `**No saving:** the same tokens would have cost ${formatUsd(alternative)} on \`${plannerModel}\``;
  const percent = Math.round((saved / alternative) * 100);
  return `**Saving:** ${formatUsd(saved)} (${percent}%) against running every call on \`${plannerModel}\` (${formatUsd(alternative)})`;
}
