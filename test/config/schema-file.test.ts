import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  EXECUTOR_TEMPLATE_PATH,
  SCHEMA_PATH,
  schemaFileText,
  withReference,
} from "../../scripts/generate.ts";

describe("generated configuration documents", () => {
  it("the committed JSON Schema matches the zod schema (run `npm run generate` when this fails)", async () => {
    expect(await readFile(SCHEMA_PATH, "utf8")).toBe(schemaFileText());
  });

  it("the README configuration reference matches the zod schema (run `npm run generate`)", async () => {
    const readme = await readFile("README.md", "utf8");
    expect(readme).toBe(withReference(readme));
  });

  it("the JSON Schema forbids unknown keys so editors flag typos", async () => {
    const schema = JSON.parse(await readFile(SCHEMA_PATH, "utf8"));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.executor.additionalProperties).toBe(false);
  });
});

describe("README configuration example", () => {
  it("is a valid .github/fanout.yml", async () => {
    const { FanoutConfig } = await import("../../src/config/config-schema.ts");
    const { parse } = await import("yaml");
    const readme = await readFile("README.md", "utf8");
    const example = readme.match(/```yaml\n# \.github\/fanout\.yml\n([\s\S]*?)```/)?.[1];
    expect(example).toBeDefined();
    expect(FanoutConfig.safeParse(parse(example ?? "")).error).toBeUndefined();
  });
});

describe("executor workflow template", () => {
  it("the committed template is the one the app shows (run `npm run generate` when this fails)", async () => {
    const { EXECUTOR_WORKFLOW_TEMPLATE } = await import(
      "../../src/run/executor-workflow-template.ts"
    );
    expect(await readFile(EXECUTOR_TEMPLATE_PATH, "utf8")).toBe(EXECUTOR_WORKFLOW_TEMPLATE);
  });
});
