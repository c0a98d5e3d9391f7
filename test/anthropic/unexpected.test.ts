import Anthropic from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic, type Turn } from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

let fake: FakeAnthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
});

afterEach(async () => {
  await fake.close();
});

function ask(client: Anthropic, params: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) {
  return client.messages.create({
    model: MODEL,
    max_tokens: 50,
    messages: [{ role: "user", content: "Is anyone there?" }],
    ...params,
  });
}

describe("unexpected requests", () => {
  it("answers 500 and reports a request the script did not provide for", async () => {
    // Retries allowed: the fake tells the SDK not to retry, so the report comes at once.
    const sent = ask(createFakeClient(fake, { maxRetries: 2 }));

    await expect(sent).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    await expect(sent).rejects.toThrow(/no scripted turn is left/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.unexpected).toHaveLength(1);
    expect(fake.unexpected[0]?.reason).toContain('last user message: "Is anyone there?"');
    expect(fake.unexpected[0]?.request.index).toBe(0);
  });

  it("reports an endpoint it does not serve", async () => {
    const client = createFakeClient(fake);

    await expect(client.models.list()).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect(fake.unexpected[0]?.reason).toMatch(/GET \/v1\/models is not served/);
  });

  it("reports a scripted call of a tool the request does not offer", async () => {
    fake.enqueue({ toolUse: { name: "delete_repo", input: {} } });

    await expect(ask(createFakeClient(fake))).rejects.toThrow(/names no tool of the request/);
    expect(fake.unexpected[0]?.reason).toContain("delete_repo");
  });

  it("reports a strict tool call whose input breaks the tool's schema", async () => {
    fake.enqueue({ toolUse: { name: "read_file", input: { file: "x" } } });
    const tools: Anthropic.Tool[] = [
      {
        name: "read_file",
        description: "Read a file.",
        strict: true,
        input_schema: {
          type: "object",
          properties: { path: { type: "string" } },
          required: ["path"],
          additionalProperties: false,
        },
      },
    ];

    await expect(ask(createFakeClient(fake), { tools })).rejects.toThrow(/breaks its input_schema/);
  });

  it("reports a scripted turn that ignores a forced tool_choice", async () => {
    fake.enqueue({ text: "I would rather chat." });
    const tools: Anthropic.Tool[] = [
      {
        name: "submit_plan",
        description: "Submit.",
        input_schema: { type: "object", properties: {} },
      },
    ];

    const sent = ask(createFakeClient(fake), {
      tools,
      tool_choice: { type: "tool", name: "submit_plan" },
    });

    await expect(sent).rejects.toThrow(/does not call submit_plan first/);
  });

  it("reports a turn function that throws", async () => {
    fake.respondWith(() => {
      throw new Error("script bug");
    });

    await expect(ask(createFakeClient(fake))).rejects.toThrow(
      /the turn function threw: script bug/,
    );
    expect(fake.unexpected).toHaveLength(1);
  });

  it("refuses a malformed turn where the script is written", () => {
    expect(() => fake.enqueue({ txt: "typo" } as unknown as Turn)).toThrow(/invalid scripted turn/);
    expect(() => fake.enqueue({ text: "a", json: {} })).toThrow(/`text` or `json`, not both/);
  });
});
