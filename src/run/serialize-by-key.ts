/**
 * Runs work for the same key one at a time (a run is reconciled by one handler at once), while
 * different keys proceed in parallel. In Actions mode the workflow's `concurrency:` group does
 * the same across processes.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return async function serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    tails.set(key, current);
    try {
      return await current;
    } finally {
      if (tails.get(key) === current) tails.delete(key);
    }
  };
}
