import type { IdSource } from "./ids.ts";

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  /** Label names, in the order they were added. */
  labels: string[];
  assignees: string[];
  state: "open" | "closed";
  stateReason: "completed" | "reopened" | "not_planned" | "duplicate" | null;
  closedAt: string | null;
  closedBy: string | null;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  /** Pull requests are issues too: they share the number sequence and the issue endpoints. */
  isPullRequest: boolean;
}

export class IssueStore {
  readonly #byNumber = new Map<number, IssueRecord>();
  readonly #ids: IdSource;
  #lastNumber = 0;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  create(
    fields: Pick<IssueRecord, "title" | "body" | "user" | "labels" | "assignees" | "isPullRequest">,
    now: string,
  ): IssueRecord {
    this.#lastNumber += 1;
    const record: IssueRecord = {
      id: this.#ids.next("issue"),
      number: this.#lastNumber,
      state: "open",
      stateReason: null,
      closedAt: null,
      closedBy: null,
      locked: false,
      createdAt: now,
      updatedAt: now,
      ...fields,
    };
    this.#byNumber.set(record.number, record);
    return record;
  }

  get(number: number): IssueRecord | undefined {
    return this.#byNumber.get(number);
  }

  byId(id: number): IssueRecord | undefined {
    return [...this.#byNumber.values()].find((issue) => issue.id === id);
  }

  all(): IssueRecord[] {
    return [...this.#byNumber.values()];
  }
}
