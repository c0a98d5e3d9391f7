import type Anthropic from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeAnthropic,
  type FakeAnthropicOptions,
  startFakeAnthropic,
} from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

// 400 characters: 100 tokens at a quarter token per character.
const SYSTEM_TEXT = "You are the fanout executor. ".repeat(14).slice(0, 400);
const SYSTEM_TOKENS = 100;

let fake: FakeAnthropic | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeAnthropicOptions = {}) {
  fake = await startFakeAnthropic(options);
  fake.respondWith(() => ({ text: "ok" }));
  return { fake, client: createFakeClient(fake) };
}

function cachedSystem(ttl?: "5m" | "1h"): Anthropic.TextBlockParam[] {
  return [
    {
      type: "text",
      text: SYSTEM_TEXT,
      cache_control: ttl ? { type: "ephemeral", ttl } : { type: "ephemeral" },
    },
  ];
}

async function usageOf(
  client: Anthropic,
  params: Partial<Anthropic.MessageCreateParamsNonStreaming> = {},
) {
  const message = await client.messages.create({
    model: MODEL,
    max_tokens: 50,
    system: cachedSystem(),
    messages: [{ role: "user", content: "Task one" }],
    ...params,
  });
  return message.usage;
}

describe("prompt caching", () => {
  it("writes the cached system prompt once, then reads it", async () => {
    const { client, fake } = await start();

    const first = await usageOf(client);
    const second = await usageOf(client, { messages: [{ role: "user", content: "Task two" }] });

    expect(first).toMatchObject({
      cache_creation_input_tokens: SYSTEM_TOKENS,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: SYSTEM_TOKENS, ephemeral_1h_input_tokens: 0 },
      input_tokens: 2,
    });
    expect(second).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: SYSTEM_TOKENS,
      input_tokens: 2,
    });
    expect(fake.usageTotals()).toEqual({
      replies: 2,
      input_tokens: 4,
      output_tokens: 2,
      cache_creation_input_tokens: SYSTEM_TOKENS,
      cache_read_input_tokens: SYSTEM_TOKENS,
      cache_creation: { ephemeral_5m_input_tokens: SYSTEM_TOKENS, ephemeral_1h_input_tokens: 0 },
    });
  });

  it("bills a one-hour breakpoint as a one-hour write", async () => {
    const { client } = await start();

    const usage = await usageOf(client, { system: cachedSystem("1h") });

    expect(usage.cache_creation).toEqual({
      ephemeral_5m_input_tokens: 0,
      ephemeral_1h_input_tokens: SYSTEM_TOKENS,
    });
  });

  it("misses when the model or the prefix differs", async () => {
    const { client } = await start();
    await usageOf(client);

    const otherModel = await usageOf(client, { model: "claude-sonnet-5-5" });
    const otherPrefix = await usageOf(client, {
      system: [{ ...cachedSystem()[0]!, text: `${SYSTEM_TEXT}!` }],
    });

    expect(otherModel.cache_read_input_tokens).toBe(0);
    expect(otherModel.cache_creation_input_tokens).toBe(SYSTEM_TOKENS);
    expect(otherPrefix.cache_read_input_tokens).toBe(0);
  });

  it("sends nothing to the cache without a breakpoint", async () => {
    const { client } = await start();
    await usageOf(client);

    const usage = await usageOf(client, { system: SYSTEM_TEXT });

    expect(usage).toMatchObject({
      input_tokens: SYSTEM_TOKENS + 2,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it("reads the earlier prefix when the breakpoint moves forward in a conversation", async () => {
    const { client } = await start();
    const turn1: Anthropic.MessageParam[] = [
      {
        role: "user",
        content: [{ type: "text", text: "a".repeat(40), cache_control: { type: "ephemeral" } }],
      },
    ];
    const turn2: Anthropic.MessageParam[] = [
      { role: "user", content: [{ type: "text", text: "a".repeat(40) }] },
      { role: "assistant", content: "b".repeat(40) },
      {
        role: "user",
        content: [{ type: "text", text: "c".repeat(40), cache_control: { type: "ephemeral" } }],
      },
    ];

    await usageOf(client, { system: SYSTEM_TEXT, messages: turn1 });
    const usage = await usageOf(client, { system: SYSTEM_TEXT, messages: turn2 });

    expect(usage).toMatchObject({
      cache_read_input_tokens: SYSTEM_TOKENS + 10,
      cache_creation_input_tokens: 20,
      input_tokens: 0,
    });
  });

  it("counts cached tools before the system prompt", async () => {
    const { client } = await start();
    const tools: Anthropic.Tool[] = [
      {
        name: "read_file",
        description: "Read a file.",
        input_schema: { type: "object", properties: {} },
        cache_control: { type: "ephemeral" },
      },
    ];

    const first = await usageOf(client, { tools, system: SYSTEM_TEXT });
    const second = await usageOf(client, { tools, system: `${SYSTEM_TEXT} changed` });

    expect(first.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
  });

  it("forgets an entry after its lifetime", async () => {
    let now = 0;
    const { client } = await start({ now: () => now });
    await usageOf(client);

    now += 6 * 60_000;
    const expired = await usageOf(client);
    const refreshed = await usageOf(client);

    expect(expired.cache_read_input_tokens).toBe(0);
    expect(expired.cache_creation_input_tokens).toBe(SYSTEM_TOKENS);
    expect(refreshed.cache_read_input_tokens).toBe(SYSTEM_TOKENS);
  });

  it("does not cache a prefix below the minimum length", async () => {
    const { client } = await start({ cacheMinTokens: 1024 });

    await usageOf(client);
    const usage = await usageOf(client);

    expect(usage).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      input_tokens: SYSTEM_TOKENS + 2,
    });
  });
});
