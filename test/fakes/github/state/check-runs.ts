import type { IdSource } from "./ids.ts";

export type CheckStatus =
  | "queued"
  | "in_progress"
  | "completed"
  | "waiting"
  | "requested"
  | "pending";
export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  checkSuiteId: number;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: CheckAnnotation[];
}

export class CheckRunStore {
  readonly #runs: CheckRunRecord[] = [];
  /** One check suite per head sha, as GitHub creates for an app's check runs. */
  readonly #suites = new Map<string, number>();
  readonly #ids: IdSource;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  create(fields: Omit<CheckRunRecord, "id" | "checkSuiteId">): CheckRunRecord {
    let suite = this.#suites.get(fields.headSha);
    if (suite === undefined) {
      suite = this.#ids.next("checkSuite");
      this.#suites.set(fields.headSha, suite);
    }
    const record = { id: this.#ids.next("checkRun"), checkSuiteId: suite, ...fields };
    this.#runs.push(record);
    return record;
  }

  get(id: number): CheckRunRecord | undefined {
    return this.#runs.find((run) => run.id === id);
  }

  forSha(sha: string): CheckRunRecord[] {
    return this.#runs.filter((run) => run.headSha === sha);
  }

  all(): CheckRunRecord[] {
    return [...this.#runs];
  }
}

/** The most recent check run per name, which is what GitHub's `filter=latest` shows. */
export function latestPerName(runs: CheckRunRecord[]): CheckRunRecord[] {
  const latest = new Map<string, CheckRunRecord>();
  for (const run of runs) {
    const seen = latest.get(run.name);
    if (!seen || run.id > seen.id) latest.set(run.name, run);
  }
  return [...latest.values()].sort((a, b) => b.id - a.id);
}
