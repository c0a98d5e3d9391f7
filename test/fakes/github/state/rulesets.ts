import type { IdSource } from "./ids.ts";

export interface RequiredChecksRule {
  rulesetId: number;
  branch: string;
  contexts: string[];
  /** `strict_required_status_checks_policy`: the branch must be up to date before merging. */
  strict: boolean;
}

/** Repository rulesets, reduced to what fanout reads: required status checks per branch. */
export class RulesetStore {
  readonly #rules = new Map<string, RequiredChecksRule>();
  readonly #ids: IdSource;

  constructor(ids: IdSource) {
    this.#ids = ids;
  }

  requireChecks(branch: string, contexts: string[], strict: boolean): void {
    if (contexts.length === 0) {
      this.#rules.delete(branch);
      return;
    }
    const rulesetId = this.#rules.get(branch)?.rulesetId ?? this.#ids.next("ruleset");
    this.#rules.set(branch, { rulesetId, branch, contexts: [...contexts], strict });
  }

  forBranch(branch: string): RequiredChecksRule | undefined {
    return this.#rules.get(branch);
  }
}
