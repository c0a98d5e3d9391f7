import type { z } from "zod";
import { allowedKeysAt } from "./allowed-keys.ts";

/** One line of the table a user reads when a config file or an input is wrong. */
export type Problem = { setting: string; problem: string };

export function describeIssues(issues: readonly z.core.$ZodIssue[], schema?: z.ZodType): Problem[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const allowed = schema ? allowedKeysAt(schema, issue.path) : [];
      return issue.keys.map((key) => ({
        setting: formatPath([...issue.path, key]),
        problem: describeUnknownKey(key, allowed),
      }));
    }
    return [{ setting: formatPath(issue.path), problem: describeIssue(issue) }];
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(whole file)";
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`))
    .join("");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got =
    "input" in issue && issue.input !== undefined ? ` (got ${showValue(issue.input)})` : "";
  switch (issue.code) {
    case "invalid_type":
      if (issue.input !== undefined) return `must be ${article(issue.expected)}${got}`;
      return issue.message.startsWith("Invalid input") ? "is required" : issue.message;
    case "invalid_format":
      return `${issue.message}${got}`;
    case "too_big":
      return `${describeBound(issue.origin, "most", issue.maximum, issue.inclusive)}${got}`;
    case "too_small":
      return `${describeBound(issue.origin, "least", issue.minimum, issue.inclusive)}${got}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(", ")}${got}`;
    default:
      return issue.message;
  }
}

function describeBound(
  origin: string,
  side: "most" | "least",
  limit: number | bigint,
  inclusive: boolean | undefined,
): string {
  const units: Record<string, string> = { array: " items", string: " characters", set: " items" };
  const unit = units[origin] ?? "";
  const verb = origin === "array" || origin === "set" ? "must have" : "must be";
  if (inclusive === false)
    return `${verb} ${side === "most" ? "less" : "more"} than ${limit}${unit}`;
  return `${verb} at ${side} ${limit}${unit}`;
}

function describeUnknownKey(key: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return "is not an option fanout knows";
  const suggestion = closestKey(key, allowed);
  const hint = suggestion ? `did you mean \`${suggestion}\`? ` : "";
  return `is not an option here; ${hint}allowed: ${allowed.map((k) => `\`${k}\``).join(", ")}`;
}

function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const scored = allowed.map((candidate) => ({
    candidate,
    distance: editDistance(key, candidate),
  }));
  scored.sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3))
    ? best.candidate
    : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: "a mapping of options",
    array: "a list",
    int: "a whole number",
    number: "a number",
    string: "text",
    boolean: "`true` or `false`",
  };
  return names[type] ?? type;
}

function showValue(value: unknown): string {
  if (value === null) return "`null`";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return `\`${text.length > 40 ? `${text.slice(0, 37)}...` : text}\``;
}
