import { z } from "zod";
import { readMarker, renderMarker } from "../github/hidden-marker.ts";
import { formatUsd } from "../report/format.ts";

const MARKER = "budget";
const VERSION = 1;

/** A budget warning or stop, posted once per level and limit: the comment is the record. */
export const BudgetNotice = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("warning"),
    percent: z.int(),
    limitUsd: z.number(),
    spentUsd: z.number(),
  }),
  z.object({
    kind: z.literal("stop"),
    limitUsd: z.number(),
    spentUsd: z.number(),
    cancelled: z.array(z.string()),
    notStarted: z.array(z.string()),
  }),
]);
export type BudgetNotice = z.infer<typeof BudgetNotice>;

export function renderBudgetNotice(notice: BudgetNotice, label: { config: string }): string {
  const marker = renderMarker(MARKER, VERSION, notice);
  if (notice.kind === "warning") {
    return `⚠️ fanout has spent ${formatUsd(notice.spentUsd)} of this run's ${formatUsd(notice.limitUsd)} budget (${notice.percent}%). At 100% it stops starting tasks and cancels running ones.\n\n${marker}`;
  }
  const list = (keys: string[]) =>
    keys.length ? keys.map((key) => `\`${key}\``).join(", ") : "none";
  return [
    `⛔ **fanout stopped: the run's budget is used up** (${formatUsd(notice.spentUsd)} of ${formatUsd(notice.limitUsd)}).`,
    `Cancelled while running: ${list(notice.cancelled)}. Not started: ${list(notice.notStarted)}.`,
    `To continue, raise \`budget.per_run_usd\` in \`${label.config}\` and comment \`/retry\` on this issue.`,
    marker,
  ].join("\n\n");
}

export function readBudgetNotice(body: string | null | undefined): BudgetNotice | undefined {
  return readMarker(body, MARKER, VERSION, BudgetNotice);
}
