import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";

// zod's JSON Schemas are draft 2020-12; unknown keywords (descriptions moved by the SDK, `strict`)
// must not fail the compile.
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajvFormats.default(ajv);

const compiled = new Map<string, ValidateFunction>();

/**
 * Problems of `value` against a JSON Schema, or `[]`. The API guarantees schema-conforming output
 * for structured outputs and strict tools, so a script that breaks the schema is a test mistake.
 */
export function checkAgainstSchema(schema: unknown, value: unknown): string[] {
  const source = JSON.stringify(schema);
  let validate = compiled.get(source);
  if (!validate) {
    validate = ajv.compile(schema as object);
    compiled.set(source, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
}
