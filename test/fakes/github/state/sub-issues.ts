/** Parent/child links of the sub-issues API; an issue has at most one parent. */
export class SubIssueStore {
  readonly #parentOf = new Map<number, number>();
  readonly #children = new Map<number, number[]>();

  link(parent: number, child: number): void {
    this.unlink(child);
    this.#parentOf.set(child, parent);
    this.#children.set(parent, [...(this.#children.get(parent) ?? []), child]);
  }

  unlink(child: number): void {
    const parent = this.#parentOf.get(child);
    if (parent === undefined) return;
    this.#parentOf.delete(child);
    this.#children.set(
      parent,
      (this.#children.get(parent) ?? []).filter((number) => number !== child),
    );
  }

  parentOf(child: number): number | undefined {
    return this.#parentOf.get(child);
  }

  childrenOf(parent: number): number[] {
    return [...(this.#children.get(parent) ?? [])];
  }
}
