import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readMarker, renderMarker } from "../../src/github/hidden-marker.ts";

const Data = z.object({ note: z.string() });

describe("hidden markers", () => {
  it("round-trips data that contains comment terminators", () => {
    const body = `Text\n\n${renderMarker("x", 1, { note: "a --> b <!-- c" })}`;
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(readMarker(body, "x", 1, Data)).toEqual({ note: "a --> b <!-- c" });
  });

  it("ignores other kinds, other versions, broken JSON and data that fails the schema", () => {
    expect(readMarker(renderMarker("y", 1, { note: "n" }), "x", 1, Data)).toBeUndefined();
    expect(readMarker(renderMarker("x", 2, { note: "n" }), "x", 1, Data)).toBeUndefined();
    expect(readMarker("<!-- fanout:x:v1 {not json} -->", "x", 1, Data)).toBeUndefined();
    expect(readMarker(renderMarker("x", 1, { note: 5 }), "x", 1, Data)).toBeUndefined();
  });
});
