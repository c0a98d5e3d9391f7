import { describe, expect, it } from "vitest";
import { summarizeTree } from "../../src/plan/repository-context.ts";

describe("summarizeTree", () => {
  const paths = [
    "README.md",
    "package.json",
    "src/app.ts",
    "src/lib/a.ts",
    "src/lib/b.ts",
    "test/app.test.ts",
  ];

  it("lists every file when the tree fits", () => {
    expect(summarizeTree(paths, 1_000)).toEqual({ text: paths.join("\n"), truncated: false });
  });

  it("folds the deepest directories first, with file counts", () => {
    const { text, truncated } = summarizeTree(paths, 60);
    expect(truncated).toBe(true);
    expect(text.split("\n")).toEqual([
      "README.md",
      "package.json",
      "src/ (3 files)",
      "test/ (1 file)",
    ]);
  });

  it("cuts the list with a count when even top-level folding is too long", () => {
    const many = Array.from({ length: 500 }, (_, i) => `file-${i}.ts`);
    const { text } = summarizeTree(many, 200);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text).toMatch(/\[… \d+ more entries\]$/);
  });
});
