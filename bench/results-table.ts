import type { ScenarioResult } from "./scenario.ts";

/** A fanout run and, when it was run, the naive baseline on the same plan. */
export type ResultRow = { fanout: ScenarioResult; baseline: ScenarioResult | undefined };

const COLUMNS = [
  "reads/task",
  "writes/task",
  "comment edits/run",
  "CPU ms/webhook",
  "app CPU/run",
  "webhooks",
  "wall time",
] as const;

/** One Markdown table: a row per plan, each measure for fanout next to the baseline's. */
export function renderResultsTable(rows: readonly ResultRow[]): string {
  const header = [
    "Tasks",
    "max_parallel",
    ...COLUMNS.flatMap((column) => [`${column} (fanout)`, `${column} (baseline)`]),
  ];
  const lines = rows.map(({ fanout, baseline }) => {
    const theirs = baseline ? measuresOf(baseline) : COLUMNS.map(() => "—");
    return [
      String(fanout.scenario.tasks),
      String(fanout.scenario.maxParallel),
      ...measuresOf(fanout).flatMap((value, index) => [value, theirs[index]!]),
    ];
  });
  return renderTable(header, lines);
}

/** The endpoints the app called most in one run, per task, so the costly ones stand out. */
export function renderRoutesTable(result: ScenarioResult, limit = 12): string {
  const tasks = result.scenario.tasks;
  const total = result.appReads + result.appWrites;
  const rows = result.routes
    .slice(0, limit)
    .map(([route, count]) => [
      `\`${route}\``,
      String(count),
      (count / tasks).toFixed(1),
      `${((count / total) * 100).toFixed(1)}%`,
    ]);
  return renderTable(["Request", "count", "per task", "share"], rows);
}

/** Webhooks delivered in one run, by event, next to the baseline's. */
export function renderEventsTable(fanout: ScenarioResult, baseline: ScenarioResult | undefined) {
  const theirs = new Map(baseline?.events ?? []);
  const names = [...new Set([...fanout.events, ...(baseline?.events ?? [])].map(([name]) => name))];
  const ours = new Map(fanout.events);
  const rows = names.map((name) => [
    `\`${name}\``,
    String(ours.get(name) ?? 0),
    baseline ? String(theirs.get(name) ?? 0) : "—",
  ]);
  return renderTable(["Webhook", "fanout", "baseline"], rows);
}

function measuresOf(result: ScenarioResult): string[] {
  const tasks = result.scenario.tasks;
  return [
    (result.appReads / tasks).toFixed(1),
    (result.appWrites / tasks).toFixed(1),
    String(result.commentEdits),
    (result.cpuMs / result.webhooks).toFixed(1),
    `${(result.cpuMs / 1000).toFixed(1)} s`,
    String(result.webhooks),
    `${(result.wallMs / 1000).toFixed(1)} s`,
  ];
}

function renderTable(header: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
