import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import { getComponentSchema } from "./github-api-description.ts";
import {
  COMPONENT_BASE,
  listComponentRefs,
  NULL_BRANCH,
  NULLABLE_WRAPPER,
  normalizeSchema,
} from "./normalize-openapi-schemas.ts";

/**
 * "json" validators never convert: a JSON body that says `"12"` is a string. "parameters"
 * validators convert URL strings to the schema's type first (`"12"` to `12`, `"true"` to
 * `true`, one value to a one-item array), as a server reads a path or query string.
 */
export type SchemaPurpose = "json" | "parameters";

interface Validators {
  ajv: Ajv;
  compiled: WeakMap<object, ValidateFunction>;
  components: Set<string>;
}

const validators = new Map<SchemaPurpose, Validators>();

/** Compiles (once per schema object and purpose) a schema taken from GitHub's description. */
export function compileSchema(schema: object, purpose: SchemaPurpose): ValidateFunction {
  const { ajv, compiled, components } = getValidators(purpose);
  let validate = compiled.get(schema);
  if (!validate) {
    normalizeSchema(schema);
    registerComponents(ajv, components, listComponentRefs(schema));
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Registers the component schemas `names` need, and theirs, each once per Ajv instance. */
function registerComponents(ajv: Ajv, registered: Set<string>, names: Set<string>): void {
  const pending = [...names];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (registered.has(name)) continue;
    const schema = getComponentSchema(name);
    if (schema === undefined) throw new Error(`GitHub's description has no schema "${name}"`);
    normalizeSchema(schema);
    ajv.addSchema(schema as object, COMPONENT_BASE + name);
    registered.add(name);
    pending.push(...listComponentRefs(schema));
  }
}

function getValidators(purpose: SchemaPurpose): Validators {
  const existing = validators.get(purpose);
  if (existing) return existing;
  const ajv = new Ajv({
    // OpenAPI 3.0 schemas carry keywords JSON Schema does not know (`nullable` Ajv understands;
    // `discriminator`, `x-github` and friends are annotations to ignore).
    strict: false,
    allErrors: true,
    // Gives each error its schema and data, used to word messages and drop `null`-branch noise.
    verbose: true,
    coerceTypes: purpose === "parameters" ? "array" : false,
    // GitHub's schemas are not ours to lint; checking each against the meta-schema costs time.
    validateSchema: false,
    addUsedSchema: false,
  });
  formats.default(ajv);
  // GitHub's own format for "owner/name"; its others (`int64`, `uri-template`) ajv-formats knows.
  ajv.addFormat("repo.nwo", /^[^/\s]+\/[^/\s]+$/);
  const created: Validators = { ajv, compiled: new WeakMap(), components: new Set() };
  validators.set(purpose, created);
  return created;
}

/**
 * Ajv errors as a field (JS accessor style from `root`: `body.labels[0]`, `query.state`) and a
 * problem, without the errors of the synthetic `null` alternatives added for `nullable`.
 */
export function describeSchemaErrors(
  errors: ErrorObject[] | null | undefined,
  root: string,
): string[] {
  const described = new Set<string>();
  for (const error of errors ?? []) {
    const parent = error.parentSchema as Record<string, unknown> | undefined;
    if (parent?.[NULL_BRANCH] === true || parent?.[NULLABLE_WRAPPER] === true) continue;
    described.add(`${toAccessor(root, error.instancePath)} ${describeError(error)}`);
  }
  return [...described];
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `must have required property '${String(params.missingProperty)}'`;
    case "additionalProperties":
      return `must not have property '${String(params.additionalProperty)}' (the schema allows no others)`;
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(show).join(", ");
      return `must be one of ${allowed} (got ${show(error.data)})`;
    }
    case "type":
      return `must be ${String(params.type)} (got ${show(error.data)})`;
    case "format":
      return `must match format "${String(params.format)}" (got ${show(error.data)})`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

function toAccessor(root: string, instancePath: string): string {
  if (instancePath === "") return root;
  return instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((path, segment) => {
      if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(segment)) return `${path}.${segment}`;
      return `${path}[${JSON.stringify(segment)}]`;
    }, root);
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
