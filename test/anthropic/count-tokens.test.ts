import type Anthropic from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = createFakeClient(fake);
});

afterEach(async () => {
  await fake.close();
});

const prompt = {
  model: MODEL,
  system: "You plan work.",
  tools: [
    {
      name: "list_files",
      description: "List the files of the repository.",
      input_schema: { type: "object" as const, properties: {} },
    },
  ],
  messages: [{ role: "user" as const, content: "Plan issue #3: add a --verbose flag." }],
};

describe("POST /v1/messages/count_tokens", () => {
  it("counts what a message request with the same prompt is billed", async () => {
    fake.enqueue({ text: "ok" });

    const counted = await client.messages.countTokens(prompt);
    const message = await client.messages.create({ ...prompt, max_tokens: 10 });

    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
    expect(fake.requests[0]).toMatchObject({ path: "/v1/messages/count_tokens", status: 200 });
  });

  it("serves the beta client, without using up a scripted turn", async () => {
    fake.enqueue({ text: "still queued" });

    const counted = await client.beta.messages.countTokens(prompt);

    expect(counted).toEqual({ input_tokens: expect.any(Number), context_management: null });
    expect(fake.requests[0]?.betas).toContain("token-counting-2024-11-01");
    expect(fake.pendingTurns()).toBe(1);
  });

  it("requires messages", async () => {
    const sent = client.messages.countTokens({
      model: MODEL,
    } as Anthropic.MessageCountTokensParams);

    await expect(sent).rejects.toThrow("messages: Field required");
  });
});
