/** `$0.042`, `$1.20`: small amounts keep enough digits to tell runs apart. */
export function formatUsd(amount: number | undefined): string {
  if (amount === undefined) return "cost unknown";
  if (amount > 0 && amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}

export function formatTokens(count: number): string {
  return count.toLocaleString("en-US");
}

export function escapeTableCell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");
}
