/**
 * Rewrites, in place, the OpenAPI 3.0 parts of GitHub's schemas that Ajv (a JSON Schema
 * validator) would read differently. Each schema is rewritten once, just before it is compiled:
 *
 * - `$ref: "#/components/schemas/<name>"` becomes an absolute URI under `COMPONENT_BASE`: every
 *   component schema is registered with Ajv on its own, on first use, because registering the
 *   whole 13 MB document makes Ajv walk all of it (a quarter of a second per Ajv instance).
 * - `nullable: true` on a schema with a `type` and no `allOf`/`anyOf`/`oneOf`/`not` is left to
 *   Ajv, which supports the keyword. When that schema has an `enum` without `null`, `null` is
 *   added: GitHub means "this or null" (e.g. `state_reason` of `issues/update` is
 *   `enum: [completed, not_planned, duplicate, reopened], nullable: true` and the API takes `null`
 *   there), while Ajv's `enum` check alone would reject it.
 * - Anywhere else (`{ nullable: true, allOf: [{ $ref }] }`, `nullable` next to `oneOf` or `$ref`,
 *   a bare `{ nullable: true }`) Ajv either refuses the schema ("nullable cannot be used without
 *   type") or applies the composition to `null` too, so the schema becomes
 *   `{ anyOf: [{ type: "null" }, <the schema without nullable>] }`. Both parts are marked, so error
 *   messages can leave out the noise of the `null` alternative.
 * - `example`/`examples` are dropped: documentation only.
 *
 * `x-*` extensions, `readOnly` and `discriminator` stay; Ajv ignores them outside strict mode.
 * `discriminator` is not enforced on purpose: on `repos/get-content` it maps `"array"` to the
 * directory schema, which is a JSON array with no `type` property, so the plain `oneOf` it sits
 * on is the accurate part.
 */
export const COMPONENT_BASE = "https://api.github.com/openapi/components/schemas/";
export const NULLABLE_WRAPPER = "x-fanout-nullable";
export const NULL_BRANCH = "x-fanout-null-branch";

const LOCAL_COMPONENT = "#/components/schemas/";
const COMPOSITIONS = ["allOf", "anyOf", "oneOf", "not"];
const SCHEMA_MAPS = ["properties", "patternProperties"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_SINGLES = ["items", "additionalProperties", "not", "if", "then", "else"];

const normalized = new WeakSet<object>();

/** Normalizes one schema tree in place (a no-op the second time). */
export function normalizeSchema(schema: unknown): void {
  if (!isObject(schema) || normalized.has(schema)) return;
  normalized.add(schema);
  delete schema.example;
  delete schema.examples;
  if (typeof schema.$ref === "string" && schema.$ref.startsWith(LOCAL_COMPONENT)) {
    schema.$ref = COMPONENT_BASE + schema.$ref.slice(LOCAL_COMPONENT.length);
  }
  for (const key of SCHEMA_MAPS) {
    for (const child of Object.values(asObject(schema[key]))) normalizeSchema(child);
  }
  for (const key of SCHEMA_LISTS) for (const child of asArray(schema[key])) normalizeSchema(child);
  for (const key of SCHEMA_SINGLES) {
    const child = schema[key];
    if (Array.isArray(child)) for (const item of child) normalizeSchema(item);
    else normalizeSchema(child);
  }
  if (schema.nullable !== true) return;
  const composed = COMPOSITIONS.some((key) => key in schema) || "$ref" in schema;
  if (schema.type !== undefined && !composed) {
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
    return;
  }
  const { nullable: _nullable, ...rest } = schema;
  for (const key of Object.keys(schema)) delete schema[key];
  normalized.add(rest);
  schema[NULLABLE_WRAPPER] = true;
  schema.anyOf = [{ type: "null", [NULL_BRANCH]: true }, rest];
}

/** The component names a normalized schema refers to, directly (not through other components). */
export function listComponentRefs(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) listComponentRefs(item, found);
  } else if (isObject(schema)) {
    if (typeof schema.$ref === "string" && schema.$ref.startsWith(COMPONENT_BASE)) {
      found.add(schema.$ref.slice(COMPONENT_BASE.length));
    }
    for (const value of Object.values(schema)) {
      if (typeof value === "object" && value !== null) listComponentRefs(value, found);
    }
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
