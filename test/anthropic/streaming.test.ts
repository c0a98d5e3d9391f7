import type Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

const tools: Anthropic.Tool[] = [
  {
    name: "write_file",
    description: "Write a file.",
    input_schema: {
      type: "object",
      properties: { path: { type: "string" }, content: { type: "string" } },
      required: ["path", "content"],
    },
  },
];

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = createFakeClient(fake);
});

afterEach(async () => {
  await fake.close();
});

describe("streaming", () => {
  it("streams text in pieces that add up to the scripted answer", async () => {
    const text = "A longer answer, so that it arrives in more than one delta event.";
    fake.enqueue({ text });
    const pieces: string[] = [];

    const stream = client.messages.stream({
      model: MODEL,
      max_tokens: 200,
      messages: [{ role: "user", content: "Talk" }],
    });
    stream.on("text", (piece) => pieces.push(piece));
    const message = await stream.finalMessage();

    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join("")).toBe(text);
    expect(message).toMatchObject({
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      usage: { input_tokens: 1, output_tokens: Math.ceil(text.length / 4) },
    });
    expect(fake.requests[0]?.body).toMatchObject({ stream: true });
  });

  it("sends the API's event sequence", async () => {
    fake.enqueue({
      text: "Hi",
      toolUse: { name: "write_file", input: { path: "a", content: "b" } },
    });

    const stream = await client.messages.create({
      model: MODEL,
      max_tokens: 200,
      tools,
      messages: [{ role: "user", content: "Write" }],
      stream: true,
    });
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);

    expect(events.map((event) => event.type)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const start = events[0] as Anthropic.RawMessageStartEvent;
    expect(start.message).toMatchObject({ content: [], stop_reason: null, model: MODEL });
    const delta = events.at(-2) as Anthropic.RawMessageDeltaEvent;
    expect(delta.delta.stop_reason).toBe("tool_use");
    expect(delta.usage.output_tokens).toBeGreaterThan(1);
  });

  it("assembles a streamed tool call into its input", async () => {
    const input = {
      path: "src/parser.ts",
      content: "export const parse = (s: string) => s.trim();\n",
    };
    fake.enqueue({ toolUse: { name: "write_file", input } });

    const message = await client.messages
      .stream({
        model: MODEL,
        max_tokens: 500,
        tools,
        messages: [{ role: "user", content: "Write" }],
      })
      .finalMessage();

    expect(message.stop_reason).toBe("tool_use");
    expect(message.content).toMatchObject([{ type: "tool_use", name: "write_file", input }]);
  });

  it("parses streamed structured output", async () => {
    fake.enqueue({ json: { verdict: "pass", findings: [] } });

    const message = await client.messages
      .stream({
        model: MODEL,
        max_tokens: 500,
        messages: [{ role: "user", content: "Review" }],
        output_config: {
          format: zodOutputFormat(
            z.object({ verdict: z.enum(["pass", "fail"]), findings: z.array(z.string()) }),
          ),
        },
      })
      .finalMessage();

    expect(message.parsed_output).toEqual({ verdict: "pass", findings: [] });
  });
});
