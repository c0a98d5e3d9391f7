/**
 * Runs work for the same key one at a time (a run is reconciled by one handler at once), while
 * different keys proceed in parallel. In Actions mode the workflow's `concurrency:` group does
 * the same across processes.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, Promise<void>>();

  async function serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    tails.set(key, current);
    try {
      return await current;
    } finally {
      if (tails.get(key) === current) tails.delete(key);
    }
  }

  /**
   * Like `serialize`, for work that only brings a run up to date: while one such job waits its
   * turn, later requests join it instead of queueing their own, because one reconcile after the
   * last event sees everything the skipped ones would have. A burst of webhooks costs one pass.
   */
  function coalesce(key: string, work: () => Promise<void>): Promise<void> {
    const pending = waiting.get(key);
    if (pending) return pending;
    const job = serialize(key, async () => {
      waiting.delete(key);
      await work();
    });
    waiting.set(key, job);
    return job;
  }

  return { serialize, coalesce };
}
