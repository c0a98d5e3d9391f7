import type { IdSource } from "./ids.ts";

export type StatusState = "error" | "failure" | "pending" | "success";

export interface StatusRecord {
  id: number;
  sha: string;
  state: StatusState;
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export class StatusStore {
  readonly #statuses: StatusRecord[] = [];
  readonly #ids: IdSource;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  create(fields: Omit<StatusRecord, "id">): StatusRecord {
    const record = { id: this.#ids.next("status"), ...fields };
    this.#statuses.push(record);
    return record;
  }

  /** Every status on `sha`, newest first (GitHub's order for the statuses list). */
  forSha(sha: string): StatusRecord[] {
    return this.#statuses.filter((status) => status.sha === sha).sort((a, b) => b.id - a.id);
  }

  /** The latest status per context, as the combined status reports them. */
  latestForSha(sha: string): StatusRecord[] {
    const latest = new Map<string, StatusRecord>();
    for (const status of this.forSha(sha))
      if (!latest.has(status.context)) latest.set(status.context, status);
    return [...latest.values()];
  }
}

/**
 * The combined state: failure when any latest status is error or failure, pending when any is
 * pending or there are none, else success (GitHub's documented rule).
 */
export function combineStates(statuses: StatusRecord[]): "failure" | "pending" | "success" {
  if (statuses.some((s) => s.state === "error" || s.state === "failure")) return "failure";
  if (statuses.length === 0 || statuses.some((s) => s.state === "pending")) return "pending";
  return "success";
}
