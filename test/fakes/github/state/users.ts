import type { IdSource } from "./ids.ts";

/** Stable ids for every login the simulator meets; bots are logins ending in `[bot]`. */
export class UserDirectory {
  readonly #ids = new Map<string, number>();
  readonly #source: IdSource;

  constructor(source: IdSource) {
    this.#source = source;
  }

  idFor(login: string): number {
    const key = login.toLowerCase();
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.#source.next("user");
      this.#ids.set(key, id);
    }
    return id;
  }
}

export function isBot(login: string): boolean {
  return login.endsWith("[bot]");
}
