import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FanoutConfig } from "../../src/config/config-schema.ts";
import { describeIssues } from "../../src/validation/describe-issues.ts";

function problemsOf(yaml: string) {
  const result = FanoutConfig.safeParse(parse(yaml) ?? {}, { reportInput: true });
  return result.success ? [] : describeIssues(result.error.issues, FanoutConfig);
}

describe("FanoutConfig", () => {
  it("gives every section its documented defaults when the file is empty", () => {
    const config = FanoutConfig.parse({});
    expect(config.trigger_label).toBe("agent:parallel");
    expect(config.min_permission).toBe("write");
    expect(config.planner).toMatchObject({
      model: "claude-sonnet-5-5",
      max_tasks: 8,
      require_approval: false,
    });
    expect(config.executor).toMatchObject({
      model: "claude-haiku-5-5",
      escalation: ["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5"],
      workflow: "fanout-executor.yml",
      max_parallel: 3,
      protected_paths: [".github/workflows/**"],
      commands: { test: "npm test", lint: null, build: null },
    });
    expect(config.budget).toEqual({
      per_task_usd: 2,
      per_task_tokens: 3_000_000,
      per_run_usd: 20,
      warn_at_percent: [75, 85, 95],
    });
    expect(config.gates.security.enabled).toBe(true);
    expect(config.merge).toMatchObject({ auto: true, method: "squash", strategy: "auto" });
  });

  it("accepts a complete, realistic file and keeps what the user wrote", () => {
    const yaml = `
trigger_label: ai:fanout
min_permission: maintain
planner:
  model: claude-opus-5-5
  max_tasks: 12
  context_files: [docs/ARCHITECTURE.md, "src/**/*.schema.ts"]
  require_approval: true
executor:
  max_parallel: 5
  commands: { test: "pnpm test --run", lint: "pnpm lint" }
  protected_paths: [".github/**", "infra/{prod,staging}/**"]
budget: { per_task_usd: 1.5, per_run_usd: 40, warn_at_percent: [50, 90] }
gates:
  compliance:
    forbidden_patterns:
      - { pattern: "console\\\\.log\\\\(", message: "Use the logger", paths: ["src/**"] }
merge: { method: rebase, strategy: queue }
pricing:
  claude-haiku-5-5: { input: 0.1, output: 0.5 }
`;
    expect(problemsOf(yaml)).toEqual([]);
    const config = FanoutConfig.parse(parse(yaml));
    expect(config.executor.commands).toEqual({
      test: "pnpm test --run",
      lint: "pnpm lint",
      build: null,
    });
    expect(config.gates.compliance.forbidden_patterns[0]?.paths).toEqual(["src/**"]);
    expect(config.pricing["claude-haiku-5-5"]).toEqual({ input: 0.1, output: 0.5 });
  });

  it("names the field and the expected type for a wrong type", () => {
    expect(problemsOf("executor:\n  max_parallel: three")).toEqual([
      { setting: "executor.max_parallel", problem: 'must be a number (got `"three"`)' },
    ]);
    expect(problemsOf("merge:\n  auto: yes please")).toEqual([
      { setting: "merge.auto", problem: 'must be `true` or `false` (got `"yes please"`)' },
    ]);
  });

  it("suggests the option a user probably meant for an unknown key", () => {
    const [problem] = problemsOf("executor:\n  max_paralel: 2");
    expect(problem?.setting).toBe("executor.max_paralel");
    expect(problem?.problem).toContain("did you mean `max_parallel`?");
    expect(problem?.problem).toContain("`timeout_minutes`");
  });

  it("rejects unknown top-level keys, listing the sections that exist", () => {
    expect(problemsOf("budgets: {}")[0]?.problem).toMatch(
      /did you mean `budget`\? allowed: `trigger_label`, `min_permission`, `planner`/,
    );
  });

  it("gives the allowed range for out-of-range numbers", () => {
    expect(problemsOf("executor: { max_parallel: 50 }")).toEqual([
      { setting: "executor.max_parallel", problem: "must be at most 20 (got `50`)" },
    ]);
    expect(problemsOf("budget: { per_run_usd: 0 }")[0]).toEqual({
      setting: "budget.per_run_usd",
      problem: "must be more than 0 (got `0`)",
    });
    expect(problemsOf("planner: { max_tasks: 0 }")[0]?.problem).toBe(
      "must be at least 1 (got `0`)",
    );
  });

  it("lists the allowed values for a wrong enum", () => {
    expect(problemsOf("merge: { method: fast }")).toEqual([
      {
        setting: "merge.method",
        problem: 'must be one of `squash`, `merge`, `rebase` (got `"fast"`)',
      },
    ]);
    expect(problemsOf("min_permission: read")[0]?.problem).toContain(
      "must be one of `write`, `maintain`, `admin`",
    );
  });

  it.each([
    ["/etc/passwd", "starts with `/`"],
    ["../outside/**", "contains `..`"],
    ["src\\\\lib", "contains `\\`"],
    ["src/{a,b/**", "has an unclosed `{`"],
    ["src/[abc/**", "has an unclosed `[`"],
    ["src/a]", "has an unmatched `]`"],
    ["  ", "is empty"],
  ])("explains why glob %j is unusable", (glob, why) => {
    const [problem] = problemsOf(`executor:\n  protected_paths: [${JSON.stringify(glob)}]`);
    expect(problem?.setting).toBe("executor.protected_paths[0]");
    expect(problem?.problem).toContain(why);
  });

  it("checks cross-field rules: task budget within run budget, ordered warnings, distinct tiers", () => {
    expect(problemsOf("budget: { per_task_usd: 30, per_run_usd: 20 }")).toEqual([
      { setting: "budget.per_task_usd", problem: "per_task_usd cannot be larger than per_run_usd" },
    ]);
    expect(problemsOf("budget: { warn_at_percent: [90, 50] }")[0]?.problem).toContain(
      "increasing order",
    );
    expect(
      problemsOf("executor: { escalation: [claude-haiku-5-5, claude-haiku-5-5] }")[0]?.problem,
    ).toContain("lists a model twice");
  });

  it("rejects an invalid regular expression in a compliance rule", () => {
    const [problem] = problemsOf(
      'gates:\n  compliance:\n    forbidden_patterns: [{ pattern: "(unclosed", message: "x" }]',
    );
    expect(problem?.setting).toBe("gates.compliance.forbidden_patterns[0].pattern");
    expect(problem?.problem).toContain("is not a valid regular expression");
  });

  it("reports every problem at once, not only the first", () => {
    expect(
      problemsOf("executor: { max_parallel: 0, max_turns: -1 }\nmerge: { method: x }"),
    ).toHaveLength(3);
  });
});
