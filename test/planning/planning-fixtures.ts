import type { Plan } from "../../src/plan/plan-schema.ts";

/** A plan the scripted planner returns: three tasks, `cli-flag` needs `parser` first. */
export const THREE_TASK_PLAN: Plan = {
  rationale: "The parser is shared, so it lands first; the flag and the docs build on it.",
  tasks: [
    {
      key: "parser",
      title: "Parse the --count option",
      type: "feature",
      complexity: "small",
      steps: ["Add parseCount to src/parse.ts", "Test it"],
      files: ["src/parse.ts", "test/parse.test.ts"],
      dependsOn: [],
      acceptance: ["parseCount('3') returns 3", "invalid input throws"],
    },
    {
      key: "cli-flag",
      title: "Wire --count into the CLI",
      type: "feature",
      complexity: "small",
      steps: ["Call parseCount from main"],
      files: ["src/cli.ts", "test/cli.test.ts"],
      dependsOn: ["parser"],
      acceptance: ["`widgets --count 3` prints 3 widgets"],
    },
    {
      key: "docs",
      title: "Document --count in the README",
      type: "docs",
      complexity: "small",
      steps: ["Add a usage line"],
      files: ["README.md"],
      dependsOn: [],
      acceptance: ["README mentions --count"],
    },
  ],
};

export const ISSUE = {
  title: "Add a --count option",
  body: "The CLI should accept `--count N` and print N widgets.",
};
