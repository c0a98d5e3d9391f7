import type { z } from "zod";

/** The option names a user may write at `path`, read from the schema so they never drift. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.core.$ZodType | undefined = unwrap(schema);
  for (const part of path) {
    const def = node?._zod.def;
    if (def?.type === "object") node = unwrap((def as z.core.$ZodObjectDef).shape[String(part)]);
    else if (def?.type === "array") node = unwrap((def as z.core.$ZodArrayDef).element);
    else if (def?.type === "record") node = unwrap((def as z.core.$ZodRecordDef).valueType);
    else return [];
  }
  const def = node?._zod.def;
  return def?.type === "object" ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

function unwrap(node: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = node;
  while (current) {
    const def = current._zod.def as {
      type: string;
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
    };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
  return current;
}
