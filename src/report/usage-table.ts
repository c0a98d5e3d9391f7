import type { UsageRecord } from "../run/usage-record.ts";
import { formatTokens, formatUsd } from "./format.ts";

export function renderUsageTable(record: UsageRecord): string {
  const { usage } = record;
  return [
    "| Model | Input | Output | Cache write | Cache read | Turns | Time | Cost |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    `| \`${record.model}\` | ${formatTokens(usage.input)} | ${formatTokens(usage.output)} | ${formatTokens(usage.cacheWrite5m + usage.cacheWrite1h)} | ${formatTokens(usage.cacheRead)} | ${record.turns} | ${formatDuration(record.durationMs)} | ${formatUsd(record.costUsd)} |`,
  ].join("\n");
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}
