import { readFile } from "node:fs/promises";
import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import app from "../src/app.ts";

async function handledEventNames(): Promise<Set<string>> {
  const names = new Set<string>();
  const probot = new Probot({ githubToken: "unused", logLevel: "fatal" });
  const recordingProbot = new Proxy(probot, {
    get(target, property) {
      if (property !== "on") return Reflect.get(target, property);
      return (events: string | string[]) => {
        for (const event of [events].flat()) names.add(event.split(".")[0]!);
      };
    },
  });
  await app(recordingProbot, { cwd: process.cwd(), addHandler: () => {} });
  return names;
}

describe("app.yml", () => {
  it("subscribes to exactly the events the app handles", async () => {
    const manifest = parse(await readFile("app.yml", "utf8"));
    expect(new Set(manifest.default_events)).toEqual(await handledEventNames());
  });

  it("asks for the least permissions the design needs", async () => {
    const manifest = parse(await readFile("app.yml", "utf8"));
    expect(manifest.default_permissions).toEqual({
      issues: "write",
      pull_requests: "write",
      contents: "write",
      checks: "write",
      actions: "write",
      metadata: "read",
    });
  });
});
