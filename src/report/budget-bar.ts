/** `▓▓▓░░░░░░░ 31%`: how much of the run's budget is spent, readable in any font. */
export function renderBudgetBar(spent: number, limit: number, width = 10): string {
  const ratio = limit > 0 ? Math.min(1, spent / limit) : 1;
  const filled = Math.round(ratio * width);
  return `\`${"▓".repeat(filled)}${"░".repeat(width - filled)}\` ${Math.round(ratio * 100)}%`;
}
