import { formatDuration } from "./usage-table.ts";

const PREFIX = "<sub>⏱";

/** When the run started and how long it has been going; the one line that changes on its own. */
export function renderElapsedLine(startedAt: string, now: Date, by: string): string {
  const started = new Date(startedAt);
  const time = started.toISOString().slice(11, 16);
  return `${PREFIX} started ${time} UTC by @${by} · elapsed ${formatDuration(now.getTime() - started.getTime())}</sub>`;
}

/** Two renders that differ only in elapsed time are the same to a reader: no edit for that. */
export function withoutElapsed(body: string): string {
  return body
    .split("\n")
    .filter((line) => !line.startsWith(PREFIX))
    .join("\n");
}
