import type { IdSource } from "./ids.ts";

/** What a PR adds to its issue record (title, body, state and labels live on the issue). */
export interface PullRecord {
  number: number;
  id: number;
  headRef: string;
  baseRef: string;
  /** Head sha as last observed; compared with git to notice pushes (synchronize). */
  headSha: string;
  /** Base branch sha as last observed (for the `pull-request-minimal` objects of checks). */
  baseSha: string;
  draft: boolean;
  maintainerCanModify: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
}

export class PullStore {
  readonly #pulls = new Map<number, PullRecord>();
  readonly #ids: IdSource;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  create(
    fields: Omit<PullRecord, "id" | "merged" | "mergedAt" | "mergedBy" | "mergeCommitSha">,
  ): PullRecord {
    const record: PullRecord = {
      id: this.#ids.next("pull"),
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      ...fields,
    };
    this.#pulls.set(record.number, record);
    return record;
  }

  get(number: number): PullRecord | undefined {
    return this.#pulls.get(number);
  }

  all(): PullRecord[] {
    return [...this.#pulls.values()];
  }
}
