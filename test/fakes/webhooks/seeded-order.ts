export type DeliveryOrder = "fifo" | "reverse" | "shuffle";

/** Puts a batch of queued items in `order`; `shuffle` draws from `random` (see `seededRandom`). */
export function orderBatch<T>(items: T[], order: DeliveryOrder, random: () => number): T[] {
  if (order === "fifo") return [...items];
  if (order === "reverse") return [...items].reverse();
  // Fisher–Yates: every permutation equally likely, and the same one for the same seed.
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

/**
 * A small deterministic generator of numbers in [0, 1) (mulberry32). `Math.random` cannot be
 * seeded, and a reordering that cannot be replayed cannot be debugged.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
