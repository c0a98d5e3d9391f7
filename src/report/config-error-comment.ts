import { CONFIG_PATH } from "../config/load-config.ts";
import type { Problem } from "../validation/describe-issues.ts";

/** The comment a person reads when their `.github/fanout.yml` stops fanout from starting. */
export function renderConfigErrorComment(problems: readonly Problem[], label: string): string {
  const count = problems.length === 1 ? "a problem" : `${problems.length} problems`;
  const rows = problems.map(
    ({ setting, problem }) => `| \`${setting}\` | ${escapeCell(problem)} |`,
  );
  return [
    `**fanout did not start:** \`${CONFIG_PATH}\` has ${count}.`,
    "",
    "| Setting | Problem |",
    "| --- | --- |",
    ...rows,
    "",
    `Fix the file on the default branch, then remove and add the \`${label}\` label again.`,
    "Every option and its default is listed in the configuration reference of fanout's README.",
  ].join("\n");
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
