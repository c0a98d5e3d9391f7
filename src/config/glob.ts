/**
 * Why a path glob is unusable, or undefined when it is fine. Globs in the config are matched against
 * repository-relative paths, so absolute paths, `..` and backslashes can never match anything and
 * are almost always a mistake the user wants to hear about.
 */
export function findGlobProblem(glob: string): string | undefined {
  if (glob.trim() === "") return "is empty";
  if (glob.startsWith("/")) return "starts with `/`; paths are relative to the repository root";
  if (glob.includes("\\")) return "contains `\\`; use `/` between folders";
  if (glob.split("/").includes("..")) return "contains `..`; paths cannot leave the repository";
  return findUnbalancedBracket(glob);
}

function findUnbalancedBracket(glob: string): string | undefined {
  const pairs: Record<string, string> = { "[": "]", "{": "}", "(": ")" };
  const closers = new Set(Object.values(pairs));
  const open: string[] = [];
  for (const char of glob) {
    if (char in pairs) open.push(char);
    else if (closers.has(char)) {
      const last = open.pop();
      if (last === undefined || pairs[last] !== char) return `has an unmatched \`${char}\``;
    }
  }
  const unclosed = open.pop();
  return unclosed === undefined ? undefined : `has an unclosed \`${unclosed}\``;
}
