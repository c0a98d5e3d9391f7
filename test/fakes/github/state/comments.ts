import type { IdSource } from "./ids.ts";

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export class CommentStore {
  readonly #comments: CommentRecord[] = [];
  readonly #ids: IdSource;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  create(issueNumber: number, body: string, user: string, now: string): CommentRecord {
    const record = {
      id: this.#ids.next("comment"),
      issueNumber,
      body,
      user,
      createdAt: now,
      updatedAt: now,
    };
    this.#comments.push(record);
    return record;
  }

  get(id: number): CommentRecord | undefined {
    return this.#comments.find((comment) => comment.id === id);
  }

  remove(id: number): void {
    const index = this.#comments.findIndex((comment) => comment.id === id);
    if (index !== -1) this.#comments.splice(index, 1);
  }

  forIssue(issueNumber: number): CommentRecord[] {
    return this.#comments.filter((comment) => comment.issueNumber === issueNumber);
  }

  all(): CommentRecord[] {
    return [...this.#comments];
  }
}
