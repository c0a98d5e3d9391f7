import type { IdSource } from "./ids.ts";

export const REACTION_CONTENTS = [
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "rocket",
  "eyes",
] as const;
export type ReactionContent = (typeof REACTION_CONTENTS)[number];

export type ReactionSubject = { kind: "issue"; number: number } | { kind: "comment"; id: number };

export interface ReactionRecord {
  id: number;
  subject: ReactionSubject;
  content: ReactionContent;
  user: string;
  createdAt: string;
}

export class ReactionStore {
  readonly #reactions: ReactionRecord[] = [];
  readonly #ids: IdSource;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  /** GitHub keeps one reaction per user and content; a repeat returns the existing one. */
  add(
    subject: ReactionSubject,
    content: ReactionContent,
    user: string,
    now: string,
  ): { reaction: ReactionRecord; created: boolean } {
    const existing = this.on(subject).find((r) => r.content === content && r.user === user);
    if (existing) return { reaction: existing, created: false };
    const reaction = { id: this.#ids.next("reaction"), subject, content, user, createdAt: now };
    this.#reactions.push(reaction);
    return { reaction, created: true };
  }

  remove(subject: ReactionSubject, id: number): boolean {
    const index = this.#reactions.findIndex((r) => r.id === id && sameSubject(r.subject, subject));
    if (index === -1) return false;
    this.#reactions.splice(index, 1);
    return true;
  }

  on(subject: ReactionSubject): ReactionRecord[] {
    return this.#reactions.filter((reaction) => sameSubject(reaction.subject, subject));
  }
}

function sameSubject(a: ReactionSubject, b: ReactionSubject): boolean {
  if (a.kind === "issue" && b.kind === "issue") return a.number === b.number;
  if (a.kind === "comment" && b.kind === "comment") return a.id === b.id;
  return false;
}
