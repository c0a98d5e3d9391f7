/**
 * Remembers recent `X-GitHub-Delivery` ids so a redelivered webhook is handled once. Handlers are
 * idempotent anyway; this only saves the API calls a duplicate would make.
 */
export function createDeliveryLog(capacity = 2_000) {
  const seen = new Set<string>();
  return function isFirstDelivery(id: string): boolean {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > capacity) seen.delete(seen.values().next().value as string);
    return true;
  };
}
