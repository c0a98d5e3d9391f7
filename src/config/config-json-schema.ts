import { z } from "zod";
import { FanoutConfig } from "./config-schema.ts";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
};

/** The JSON Schema editors use to complete `.github/fanout.yml` (the input side: defaults optional). */
export function buildConfigJsonSchema(): JsonSchema {
  return z.toJSONSchema(FanoutConfig, { io: "input", target: "draft-2020-12" }) as JsonSchema;
}

/** The README's configuration reference: one row per option, from the same schema as validation. */
export function renderConfigReference(schema: JsonSchema = buildConfigJsonSchema()): string {
  const rows = collectRows(schema, "");
  return [
    "| Option | Default | Description |",
    "| --- | --- | --- |",
    ...rows.map(
      ({ path, fallback, description }) => `| \`${path}\` | ${fallback} | ${description} |`,
    ),
  ].join("\n");
}

type Row = { path: string; fallback: string; description: string };

function collectRows(node: JsonSchema, prefix: string): Row[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child.properties) return collectRows(child, path);
    const required = node.required?.includes(key) && child.default === undefined;
    const row = {
      path,
      fallback: required ? "required" : formatDefault(child),
      description: describe(child),
    };
    const record =
      typeof child.additionalProperties === "object" ? child.additionalProperties : undefined;
    if (record?.properties) return [row, ...collectRows(record, `${path}.<model>`)];
    if (child.items?.properties) return [row, ...collectRows(child.items, `${path}[]`)];
    return [row];
  });
}

function describe(node: JsonSchema): string {
  const allowed = node.enum
    ? ` One of ${node.enum.map((v) => `\`${String(v)}\``).join(", ")}.`
    : "";
  return `${node.description ?? ""}${allowed}`.replaceAll("|", "\\|");
}

function formatDefault(node: JsonSchema): string {
  if (node.default === undefined) return "—";
  return `\`${JSON.stringify(node.default)}\``.replaceAll("|", "\\|");
}
