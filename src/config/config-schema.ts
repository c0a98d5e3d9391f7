import { z } from "zod";
import { findGlobProblem } from "./glob.ts";

// Current Anthropic models, checked 2026-11-21 against the published model overview.
export const DEFAULT_PLANNER_MODEL = "claude-sonnet-5-5";
export const DEFAULT_EXECUTOR_MODEL = "claude-haiku-5-5";
export const DEFAULT_ESCALATION = ["claude-haiku-5-5", "claude-sonnet-5-5", "claude-opus-5-5"];

const ModelId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.\-@:]*$/, {
    error: "must be a model id such as `claude-haiku-5-5` (lowercase letters, digits, `-`, `.`)",
  })
  .meta({ description: "An Anthropic model id, e.g. `claude-sonnet-5-5`." });

const Glob = z.string().superRefine((glob, ctx) => {
  const problem = findGlobProblem(glob);
  if (problem) ctx.addIssue({ code: "custom", message: `glob \`${glob}\` ${problem}` });
});

const RegexSource = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source, "u");
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `is not a valid regular expression: ${String(error)}`,
    });
  }
});

const UsdAmount = z.number().positive().max(10_000);

export const Permission = z.enum(["write", "maintain", "admin"]);

export const PlannerConfig = z
  .strictObject({
    model: ModelId.default(DEFAULT_PLANNER_MODEL).meta({
      description: "Model that reads the issue and writes the plan.",
    }),
    max_tasks: z.int().min(1).max(30).default(8).meta({
      description: "Largest number of sub-issues one plan may create.",
    }),
    context_files: z
      .array(Glob)
      .max(50)
      .default([])
      .meta({ description: "Files or globs the planner reads besides the file tree and README." }),
    context_max_bytes: z.int().min(1_000).max(500_000).default(60_000).meta({
      description: "Size budget of the repository context shown to the planner.",
    }),
    require_approval: z.boolean().default(false).meta({
      description: "When true, nothing is dispatched until a write+ user comments `/approve`.",
    }),
  })
  .prefault({});

export const ExecutorCommands = z
  .strictObject({
    test: z.string().min(1).nullable().default("npm test").meta({
      description: "Command that proves a task works; `null` to skip tests.",
    }),
    lint: z.string().min(1).nullable().default(null).meta({
      description: "Optional lint command the executor may run.",
    }),
    build: z.string().min(1).nullable().default(null).meta({
      description: "Optional build command the executor may run.",
    }),
  })
  .prefault({});

export const ExecutorConfig = z
  .strictObject({
    model: ModelId.default(DEFAULT_EXECUTOR_MODEL).meta({
      description: "Model that works on each sub-issue.",
    }),
    escalation: z
      .array(ModelId)
      .min(1)
      .max(6)
      .default(DEFAULT_ESCALATION)
      .refine((models) => new Set(models).size === models.length, {
        error: "lists a model twice; each tier must be a different model",
      })
      .meta({ description: "Model tiers `/escalate` climbs, cheapest first." }),
    workflow: z
      .string()
      .regex(/^[\w.-]+\.ya?ml$/, {
        error: "must be a workflow file name in `.github/workflows/`, e.g. `fanout-executor.yml`",
      })
      .default("fanout-executor.yml")
      .meta({ description: "Executor workflow file in `.github/workflows/`." }),
    max_parallel: z.int().min(1).max(20).default(3).meta({
      description: "Most executor jobs running at once for one issue.",
    }),
    max_turns: z.int().min(1).max(200).default(40).meta({
      description: "Most model turns one executor attempt may take.",
    }),
    timeout_minutes: z.int().min(1).max(360).default(30).meta({
      description: "Wall-clock limit of one executor attempt.",
    }),
    fix_rounds: z.int().min(0).max(5).default(2).meta({
      description: "Rounds the executor gets to fix failing tests after it finishes.",
    }),
    commands: ExecutorCommands,
    allow_shell: z.boolean().default(false).meta({
      description: "Let the executor run arbitrary shell commands. Off: only `commands` run.",
    }),
    protected_paths: z
      .array(Glob)
      .default([".github/workflows/**"])
      .meta({ description: "Globs the executor may never write (`.git/` is always protected)." }),
  })
  .prefault({});

export const BudgetConfig = z
  .strictObject({
    per_task_usd: UsdAmount.default(2).meta({
      description: "Most one executor attempt may spend, in US dollars.",
    }),
    per_task_tokens: z.int().min(1_000).max(50_000_000).default(3_000_000).meta({
      description: "Most tokens (all kinds) one executor attempt may use.",
    }),
    per_run_usd: UsdAmount.default(20).meta({
      description: "Most one issue may spend in all, planner included, in US dollars.",
    }),
    warn_at_percent: z
      .array(z.int().min(1).max(99))
      .max(5)
      .default([75, 85, 95])
      .refine((levels) => levels.every((level, i) => i === 0 || level > (levels[i - 1] ?? 0)), {
        error: "must be in increasing order, e.g. [75, 85, 95]",
      })
      .meta({ description: "Budget use (percent) at which the issue gets a warning." }),
  })
  .refine((budget) => budget.per_task_usd <= budget.per_run_usd, {
    error: "per_task_usd cannot be larger than per_run_usd",
    path: ["per_task_usd"],
  })
  .prefault({});

export const ForbiddenPattern = z.strictObject({
  pattern: RegexSource.meta({ description: "Regular expression matched against added lines." }),
  message: z
    .string()
    .min(1)
    .max(300)
    .meta({ description: "What the annotation tells the author." }),
  paths: z.array(Glob).default(["**"]).meta({ description: "Files the rule applies to." }),
});

export const SecurityGateConfig = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: "Run the `fanout/security` check." }),
    block_install_scripts: z.boolean().default(true).meta({
      description: "Fail when a new dependency declares install scripts.",
    }),
    max_files_outside_plan: z.int().min(0).max(100).default(2).meta({
      description: "Files a task may change beyond those its plan declared.",
    }),
    allow_secret_patterns: z.array(RegexSource).default([]).meta({
      description: "Regular expressions of known-safe strings the secret scan ignores.",
    }),
  })
  .prefault({});

export const ComplianceGateConfig = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: "Run the `fanout/compliance` check." }),
    require_tests: z.boolean().default(true).meta({
      description: "A change to source files must also change a test file.",
    }),
    test_paths: z
      .array(Glob)
      .default(["test/**", "tests/**", "**/*.test.*", "**/*.spec.*", "**/__tests__/**"])
      .meta({ description: "Globs that count as test files." }),
    max_changed_lines: z.int().min(1).max(100_000).default(1_000).meta({
      description: "Largest diff (added plus removed lines) one PR may have.",
    }),
    forbidden_patterns: z.array(ForbiddenPattern).max(50).default([]).meta({
      description: "Patterns that may not appear in added lines.",
    }),
  })
  .prefault({});

export const GatesConfig = z
  .strictObject({
    all_pull_requests: z.boolean().default(false).meta({
      description: "Gate every PR in the repository, not only fanout's.",
    }),
    security: SecurityGateConfig,
    compliance: ComplianceGateConfig,
  })
  .prefault({});

export const MergeConfig = z
  .strictObject({
    auto: z.boolean().default(true).meta({
      description: "Merge green PRs in plan order. Off: fanout only reports.",
    }),
    method: z.enum(["squash", "merge", "rebase"]).default("squash").meta({
      description: "Merge method passed to GitHub.",
    }),
    strategy: z.enum(["auto", "direct", "queue"]).default("auto").meta({
      description:
        "`queue` enqueues in the merge queue, `direct` merges, `auto` uses the queue when the base branch has one.",
    }),
    update_branch: z.enum(["merge", "rebase"]).default("merge").meta({
      description: "How a PR is brought up to date when the base branch moved.",
    }),
    delete_branch: z.boolean().default(true).meta({
      description: "Delete the task branch after merging.",
    }),
  })
  .prefault({});

const PerMillion = z.number().min(0).max(1_000);

export const ModelPrice = z.strictObject({
  input: PerMillion.meta({ description: "USD per million input tokens." }),
  output: PerMillion.meta({ description: "USD per million output tokens." }),
  cache_write_5m: PerMillion.optional().meta({
    description: "USD per million 5-minute cache-write tokens (default 1.25 × input).",
  }),
  cache_write_1h: PerMillion.optional().meta({
    description: "USD per million 1-hour cache-write tokens (default 2 × input).",
  }),
  cache_read: PerMillion.optional().meta({
    description: "USD per million cache-read tokens (default 0.1 × input).",
  }),
});

export const FanoutConfig = z
  .strictObject({
    trigger_label: z
      .string()
      .min(1)
      .max(50)
      .default("agent:parallel")
      .meta({ description: "Label that starts fanout on an issue." }),
    min_permission: Permission.default("write").meta({
      description:
        "Least repository permission a person needs to trigger fanout or use its commands. Lower levels are not offered: they could spend your Anthropic budget.",
    }),
    planner: PlannerConfig,
    executor: ExecutorConfig,
    budget: BudgetConfig,
    gates: GatesConfig,
    merge: MergeConfig,
    pricing: z
      .record(ModelId, ModelPrice)
      .default({})
      .meta({ description: "Price overrides by model id, USD per million tokens." }),
  })
  .meta({
    title: "fanout configuration (.github/fanout.yml)",
    description: "Every option is optional; a missing file means all defaults.",
  });

export type FanoutConfig = z.infer<typeof FanoutConfig>;
