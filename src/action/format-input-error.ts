import type { z } from "zod";
import { describeIssues } from "../validation/describe-issues.ts";

/** A readable, multi-line failure message; values of secret inputs are never echoed. */
export function formatInputError(
  heading: string,
  error: z.ZodError,
  secretNames: readonly string[] = [],
): string {
  const issues = error.issues.map((issue) =>
    secretNames.includes(String(issue.path[0])) ? { ...issue, input: undefined } : issue,
  );
  const lines = describeIssues(issues).map(({ setting, problem }) => `  - ${setting}: ${problem}`);
  return [`${heading}:`, ...lines].join("\n");
}
