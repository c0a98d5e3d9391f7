import type { SimContext } from "../sim-context.ts";
import type { IdSource } from "./ids.ts";

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

/** The repository's labels, looked up by name case-insensitively like GitHub. */
export class LabelStore {
  readonly #labels = new Map<string, LabelRecord>();
  readonly #ids: IdSource;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  get(name: string): LabelRecord | undefined {
    return this.#labels.get(name.toLowerCase());
  }

  all(): LabelRecord[] {
    return [...this.#labels.values()];
  }

  create(name: string, color = "ededed", description: string | null = null): LabelRecord {
    const label = { id: this.#ids.next("label"), name, color, description, default: false };
    this.#labels.set(name.toLowerCase(), label);
    return label;
  }

  /** Adding an unknown label to an issue creates it, as GitHub does. */
  ensure(name: string): LabelRecord {
    return this.get(name) ?? this.create(name);
  }
}

export function labelsOf(ctx: SimContext, names: string[]): LabelRecord[] {
  return names.map((name) => ctx.labels.ensure(name));
}
