import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Anthropic from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  FAKE_ANTHROPIC_API_KEY,
  type FakeAnthropic,
  fakeAnthropicEnv,
  startFakeAnthropic,
} from "../fakes/anthropic/index.ts";

const run = promisify(execFile);

// What a child process such as the executor Action does: a client configured by its environment only.
const CHILD_SCRIPT = `
import Anthropic from "@anthropic-ai/sdk";
const message = await new Anthropic({ maxRetries: 0 }).messages.create({
  model: "claude-haiku-5-5",
  max_tokens: 20,
  messages: [{ role: "user", content: "ping from the child" }],
});
process.stdout.write(message.content[0].text);
`;

let fake: FakeAnthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
});

afterEach(async () => {
  await fake.close();
});

describe("fakeAnthropicEnv", () => {
  it("points the SDK's environment variables at the fake", () => {
    expect(fakeAnthropicEnv(fake)).toEqual({
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: FAKE_ANTHROPIC_API_KEY,
    });
  });

  it("configures a client built from the environment", async () => {
    for (const [name, value] of Object.entries(fakeAnthropicEnv(fake))) vi.stubEnv(name, value);
    fake.enqueue({ text: "pong" });

    const message = await new Anthropic().messages.create({
      model: "claude-haiku-5-5",
      max_tokens: 20,
      messages: [{ role: "user", content: "ping" }],
    });

    expect(message.content).toMatchObject([{ text: "pong" }]);
  });

  it("serves a child process", async () => {
    fake.enqueue({ text: "pong to the child" });

    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", CHILD_SCRIPT], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? "", ...fakeAnthropicEnv(fake) },
    });

    expect(stdout).toBe("pong to the child");
    expect(fake.shownText()).toContain("ping from the child");
  });
});
