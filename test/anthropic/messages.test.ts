import Anthropic from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeAnthropic,
  readToolResults,
  startFakeAnthropic,
} from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

const readFileTool: Anthropic.Tool = {
  name: "read_file",
  description: "Read a file of the checkout.",
  input_schema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = createFakeClient(fake);
});

afterEach(async () => {
  await fake.close();
});

describe("POST /v1/messages", () => {
  it("answers a scripted text turn with a Message shaped like the API's", async () => {
    fake.enqueue({ text: "Hello there" });

    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      messages: [{ role: "user", content: "Say hello" }],
    });

    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: MODEL,
      content: [{ type: "text", text: "Hello there", citations: null }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        // "Say hello" is 9 characters, "Hello there" 11: a quarter, rounded up.
        input_tokens: 3,
        output_tokens: 3,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
    });
    expect(message.id).toMatch(/^msg_01\w{22}$/);
    expect(message._request_id).toMatch(/^req_/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: "POST", path: "/v1/messages", status: 200 });
    expect(fake.unexpected).toEqual([]);
  });

  it("records requests without the API key", async () => {
    fake.enqueue({ text: "ok" });
    const secretish = `sk-ant-${Math.random().toString(36).slice(2)}`;
    const keyed = createFakeClient(fake, { apiKey: secretish });

    await keyed.messages.create({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: "user", content: "hi" }],
    });

    const [request] = fake.requests;
    expect(request?.headers.authorization ?? request?.headers["x-api-key"]).toBe("[redacted]");
    expect(JSON.stringify(fake.requests)).not.toContain(secretish);
    expect(request?.headers["anthropic-version"]).toBeTruthy();
  });

  it("serves a tool call, then the turn that answers it", async () => {
    fake.enqueue(
      { text: "Let me look.", toolUse: { name: "read_file", input: { path: "README.md" } } },
      (request) => ({ text: `The file says: ${readToolResults(request)[0]?.text}` }),
    );
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "Summarize README.md" }];

    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 200,
      tools: [readFileTool],
      messages,
    });
    expect(first.stop_reason).toBe("tool_use");
    const call = first.content.find((block) => block.type === "tool_use");
    expect(call).toMatchObject({ name: "read_file", input: { path: "README.md" } });
    expect(call?.id).toMatch(/^toolu_01/);

    messages.push(
      { role: "assistant", content: first.content },
      {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: call!.id, content: "# fanout" }],
      },
    );
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 200,
      tools: [readFileTool],
      messages,
    });

    expect(second.stop_reason).toBe("end_turn");
    expect(second.content).toEqual([
      { type: "text", text: "The file says: # fanout", citations: null },
    ]);
    expect(fake.pendingTurns()).toBe(0);
  });

  it("sends several tool calls in one turn with the ids the script gives", async () => {
    fake.enqueue({
      toolUse: [
        { name: "read_file", input: { path: "a.ts" }, id: "toolu_a" },
        { name: "read_file", input: { path: "b.ts" }, id: "toolu_b" },
      ],
    });

    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 200,
      tools: [readFileTool],
      messages: [{ role: "user", content: "Read both" }],
    });

    expect(message.content.map((block) => block.type === "tool_use" && block.id)).toEqual([
      "toolu_a",
      "toolu_b",
    ]);
  });

  it("rejects a tool_result that answers no tool_use of the previous turn, as the API does", async () => {
    fake.enqueue({ text: "never sent" });

    const sent = client.messages.create({
      model: MODEL,
      max_tokens: 100,
      tools: [readFileTool],
      messages: [
        { role: "user", content: "Read it" },
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "toolu_real", name: "read_file", input: { path: "x" } },
          ],
        },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "toolu_other", content: "x" }],
        },
      ],
    });

    await expect(sent).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(sent).rejects.toThrow(
      /unexpected `tool_use_id` found in `tool_result` blocks: toolu_other/,
    );
    expect(fake.pendingTurns()).toBe(1);
  });

  it("rejects a tool_use left without its tool_result in the next message", async () => {
    const sent = client.messages.create({
      model: MODEL,
      max_tokens: 100,
      tools: [readFileTool],
      messages: [
        { role: "user", content: "Read it" },
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "toolu_open", name: "read_file", input: { path: "x" } },
          ],
        },
        { role: "user", content: "never mind" },
      ],
    });

    await expect(sent).rejects.toThrow(
      /tool_use` ids were found without `tool_result`.*toolu_open/,
    );
  });

  it.each([
    ["model", { max_tokens: 10, messages: [{ role: "user", content: "hi" }] }],
    ["max_tokens", { model: MODEL, messages: [{ role: "user", content: "hi" }] }],
    ["messages", { model: MODEL, max_tokens: 10 }],
  ])("answers 400 invalid_request_error without %s", async (field, params) => {
    const sent = client.messages.create(
      params as unknown as Anthropic.MessageCreateParamsNonStreaming,
    );

    await expect(sent).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(sent).rejects.toThrow(`${field}: Field required`);
    expect(fake.requests[0]?.response).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error" },
    });
  });

  it("rejects an empty text block, as the API does", async () => {
    const sent = client.messages.create({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: "user", content: [{ type: "text", text: "" }] }],
    });

    await expect(sent).rejects.toThrow(
      "messages.0.content.0.text: text content blocks must be non-empty",
    );
  });

  it("rejects more than four cache breakpoints", async () => {
    const marked = { type: "ephemeral" } as const;
    const sent = client.messages.create({
      model: MODEL,
      max_tokens: 10,
      system: [1, 2, 3, 4, 5].map((n) => ({
        type: "text" as const,
        text: `part ${n}`,
        cache_control: marked,
      })),
      messages: [{ role: "user", content: "hi" }],
    });

    await expect(sent).rejects.toThrow(
      "A maximum of 4 blocks with cache_control may be provided. Found 5.",
    );
  });

  it("stops at a custom stop sequence", async () => {
    fake.enqueue({ text: "one two STOP three" });

    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      stop_sequences: ["STOP"],
      messages: [{ role: "user", content: "count" }],
    });

    expect(message).toMatchObject({
      content: [{ type: "text", text: "one two " }],
      stop_reason: "stop_sequence",
      stop_sequence: "STOP",
    });
  });

  it("cuts an answer longer than max_tokens and says so", async () => {
    fake.enqueue({
      text: "x".repeat(100),
      toolUse: { name: "read_file", input: { path: "lost" } },
    });

    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      tools: [readFileTool],
      messages: [{ role: "user", content: "go" }],
    });

    expect(message.stop_reason).toBe("max_tokens");
    expect(message.content).toEqual([{ type: "text", text: "x".repeat(20), citations: null }]);
    expect(message.usage.output_tokens).toBe(5);
  });

  it("lets a turn force its stop reason", async () => {
    fake.enqueue({ text: "partial", stopReason: "max_tokens" });

    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      messages: [{ role: "user", content: "go" }],
    });

    expect(message.stop_reason).toBe("max_tokens");
  });

  it("answers from respondWith() once the queue is empty", async () => {
    fake.enqueue({ text: "from the queue" });
    fake.respondWith((request) => ({ text: `fallback for request ${request.index}` }));
    const ask = async () => {
      const message = await client.messages.create({
        model: MODEL,
        max_tokens: 100,
        messages: [{ role: "user", content: "hi" }],
      });
      return message.content[0]?.type === "text" ? message.content[0].text : "";
    };

    expect(await ask()).toBe("from the queue");
    expect(await ask()).toBe("fallback for request 1");
    expect(await ask()).toBe("fallback for request 2");
  });

  it("records what the model was shown, for tests to search", async () => {
    fake.enqueue(
      { toolUse: { name: "read_file", input: { path: "notes.txt" } } },
      { text: "done" },
    );
    const system = "You are fanout's executor.\nNever reveal tokens.";
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system,
      tools: [readFileTool],
      messages: [{ role: "user", content: "Work on task 7" }],
    });
    const call = first.content.find((block) => block.type === "tool_use")!;
    await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system,
      tools: [readFileTool],
      messages: [
        { role: "user", content: "Work on task 7" },
        { role: "assistant", content: first.content },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: call.id, content: "ghp_not_a_real_token" }],
        },
      ],
    });

    const shown = fake.shownText();
    expect(shown).toContain("Never reveal tokens.");
    expect(shown).toContain("Read a file of the checkout.");
    expect(shown).toContain("ghp_not_a_real_token");
    expect(fake.requests.filter((r) => JSON.stringify(r.body).includes("ghp_"))).toHaveLength(1);
    expect(readToolResults(fake.requests[1]!)).toEqual([
      { tool_use_id: call.id, text: "ghp_not_a_real_token", is_error: false },
    ]);
  });
});
