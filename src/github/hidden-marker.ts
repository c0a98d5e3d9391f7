import type { z } from "zod";

/**
 * fanout keeps its records on GitHub as JSON inside HTML comments: invisible to readers, kept by
 * GitHub with the text, and versioned so a newer fanout can still read an older run.
 */
export function renderMarker(kind: string, version: number, data: unknown): string {
  // Escaping `<` and `>` keeps any `-->` inside the data from closing the comment early.
  const json = JSON.stringify(data).replaceAll("<", "\\u003c").replaceAll(">", "\\u003e");
  return `<!-- fanout:${kind}:v${version} ${json} -->`;
}

/** The first valid `kind` marker of `version` in `text`, or undefined when there is none. */
export function readMarker<T>(
  text: string | null | undefined,
  kind: string,
  version: number,
  schema: z.ZodType<T>,
): T | undefined {
  if (!text) return undefined;
  const pattern = new RegExp(`<!-- fanout:${kind}:v${version} (\\{.*?\\}) -->`, "gs");
  for (const match of text.matchAll(pattern)) {
    try {
      const parsed = schema.safeParse(JSON.parse(match[1] ?? ""));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: someone edited the marker by hand; it is as good as absent.
    }
  }
  return undefined;
}

export function hasMarker(text: string | null | undefined, kind: string): boolean {
  return Boolean(text?.includes(`<!-- fanout:${kind}:`));
}
