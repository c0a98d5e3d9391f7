/**
 * Ids far apart per kind, so an issue number can never pass for an issue id (fanout must send
 * ids to the sub-issue and dependency APIs) and a log line shows what kind of object an id is.
 */
const ID_BASES = {
  user: 5_000_000,
  issue: 2_100_000_000,
  pull: 1_800_000_000,
  comment: 3_200_000_000,
  reaction: 150_000_000,
  label: 6_100_000_000,
  checkRun: 21_000_000_000,
  checkSuite: 22_000_000_000,
  status: 31_000_000_000,
  workflow: 90_000_000,
  workflowRun: 11_000_000_000,
  ruleset: 4_000_000,
} as const;

export type IdKind = keyof typeof ID_BASES;

export class IdSource {
  readonly #next = new Map<IdKind, number>();

  next(kind: IdKind): number {
    const value = (this.#next.get(kind) ?? 0) + 1;
    this.#next.set(kind, value);
    return ID_BASES[kind] + value;
  }
}

/** GitHub's timestamp format: ISO 8601 in UTC, whole seconds. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A node id of GitHub's modern shape (`<prefix>_<base64>`); opaque to clients. */
export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_${Buffer.from(`sim:${id}`).toString("base64url")}`;
}
