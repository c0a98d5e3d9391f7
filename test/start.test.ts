import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHttp(url: string, attempts = 100): Promise<Response> {
  for (let i = 0; i < attempts; i++) {
    try {
      return await fetch(url, { redirect: "manual" });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

describe("npm start", () => {
  it("serves Probot's setup page when the app has no credentials yet", async () => {
    const port = await freePort();
    // What `npm start` runs; NO_SMEE_SETUP keeps the setup page from calling out to a proxy service.
    child = spawn("node_modules/.bin/probot", ["run", "./src/app.ts"], {
      env: { PATH: process.env.PATH, PORT: String(port), HOST: "127.0.0.1", NO_SMEE_SETUP: "true" },
      stdio: "ignore",
    });

    const root = await waitForHttp(`http://127.0.0.1:${port}/`);
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toMatch(/\/probot$/);

    const setup = await fetch(`http://127.0.0.1:${port}/probot`);
    expect(setup.status).toBe(200);
    const page = await setup.text();
    expect(page).toContain("Register GitHub App");
    expect(page).toContain("fanout");
  });
});
