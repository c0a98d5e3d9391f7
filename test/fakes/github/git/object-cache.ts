/**
 * Answers that depend only on git object ids (merge bases, diffs, merge results, commit
 * contents). Objects are immutable, so these never go stale; refs are never cached, which is
 * what lets a push by another process show on the very next request. Saves most of the git
 * processes a PR read would otherwise spawn.
 */
const caches = new Map<string, Map<string, Promise<unknown>>>();

export function memoizeByObjects<T>(
  gitDir: string,
  operation: string,
  objectIds: string[],
  compute: () => Promise<T>,
): Promise<T> {
  // A ref name or abbreviation may point elsewhere tomorrow: only full ids are keys.
  if (!objectIds.every(isObjectId)) return compute();
  const key = `${operation} ${objectIds.join(" ")}`;
  let cache = caches.get(gitDir);
  if (!cache) {
    cache = new Map();
    caches.set(gitDir, cache);
  }
  const hit = cache.get(key);
  if (hit) return hit as Promise<T>;
  const result = compute();
  cache.set(key, result);
  // A failure is not an answer about the objects; let the next call try again.
  result.catch(() => cache.delete(key));
  return result;
}

export function dropObjectCache(gitDir: string): void {
  caches.delete(gitDir);
}

/** Whether `name` is a full object id, so that an answer about it can be cached. */
export function isObjectId(name: string): boolean {
  return /^[0-9a-f]{40}$/.test(name);
}
