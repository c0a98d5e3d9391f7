/** Issue dependencies: `blocked` is blocked by each of its blockers. */
export class DependencyStore {
  readonly #edges: { blocked: number; blocker: number }[] = [];

  add(blocked: number, blocker: number): boolean {
    if (this.#edges.some((e) => e.blocked === blocked && e.blocker === blocker)) return false;
    this.#edges.push({ blocked, blocker });
    return true;
  }

  remove(blocked: number, blocker: number): boolean {
    const index = this.#edges.findIndex((e) => e.blocked === blocked && e.blocker === blocker);
    if (index === -1) return false;
    this.#edges.splice(index, 1);
    return true;
  }

  blockersOf(blocked: number): number[] {
    return this.#edges.filter((e) => e.blocked === blocked).map((e) => e.blocker);
  }

  blockedBy(blocker: number): number[] {
    return this.#edges.filter((e) => e.blocker === blocker).map((e) => e.blocked);
  }
}
