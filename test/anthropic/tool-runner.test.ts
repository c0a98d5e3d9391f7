import type Anthropic from "@anthropic-ai/sdk";
import { betaZodTool } from "@anthropic-ai/sdk/helpers/beta/zod";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type FakeAnthropic,
  type FakeAnthropicOptions,
  readToolResults,
  startFakeAnthropic,
} from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

let fake: FakeAnthropic | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A checkout of two files and the tools an executor would get over it. */
function createWorkspace() {
  const files = new Map([["src/sum.ts", "export const sum = (a: number, b: number) => a - b;\n"]]);
  const calls: string[] = [];
  const readFile = betaZodTool({
    name: "read_file",
    description: "Read a file of the checkout.",
    inputSchema: z.object({ path: z.string() }),
    run: ({ path }) => {
      calls.push(`read ${path}`);
      return files.get(path) ?? `error: ${path} does not exist`;
    },
  });
  const writeFile = betaZodTool({
    name: "write_file",
    description: "Replace a file of the checkout.",
    inputSchema: z.object({ path: z.string(), content: z.string() }),
    run: ({ path, content }) => {
      calls.push(`write ${path}`);
      files.set(path, content);
      return `wrote ${content.length} characters`;
    },
  });
  return { files, calls, tools: [readFile, writeFile] };
}

/** The model reads the file, writes the fix it saw was needed, then reports. */
function scriptFix(target: FakeAnthropic): void {
  target.enqueue(
    {
      text: "Reading the file first.",
      toolUse: { name: "read_file", input: { path: "src/sum.ts" } },
    },
    (request) => {
      const [result] = readToolResults(request);
      return {
        toolUse: {
          name: "write_file",
          input: { path: "src/sum.ts", content: (result?.text ?? "").replace("a - b", "a + b") },
        },
      };
    },
    { text: "Fixed `sum` to add." },
  );
}

async function runFix(options: FakeAnthropicOptions = {}, stream = false) {
  fake = await startFakeAnthropic(options);
  const client = createFakeClient(fake);
  const workspace = createWorkspace();
  scriptFix(fake);
  const params = {
    model: MODEL,
    max_tokens: 1000,
    system: [
      {
        type: "text" as const,
        text: "You fix bugs.",
        cache_control: { type: "ephemeral" as const },
      },
    ],
    tools: workspace.tools,
    messages: [{ role: "user" as const, content: "Fix the sum function." }],
  };
  const final: Anthropic.Beta.BetaMessage = stream
    ? await client.beta.messages.toolRunner({ ...params, stream: true }).runUntilDone()
    : await client.beta.messages.toolRunner(params).runUntilDone();
  return { fake, workspace, final };
}

describe("the SDK's tool runner", () => {
  it("completes a loop of two tool calls", async () => {
    const { fake, workspace, final } = await runFix();

    expect(final.content).toEqual([{ type: "text", text: "Fixed `sum` to add.", citations: null }]);
    expect(workspace.calls).toEqual(["read src/sum.ts", "write src/sum.ts"]);
    expect(workspace.files.get("src/sum.ts")).toContain("a + b");
    expect(fake.requests.map((request) => request.status)).toEqual([200, 200, 200]);
    expect(fake.unexpected).toEqual([]);
  });

  it("runs over a message thread, and the fake shows the model the whole conversation", async () => {
    const { fake } = await runFix();

    const [first, second, third] = fake.requests;
    expect(first?.body).toMatchObject({ thread: { type: "create" }, system: expect.any(Array) });
    expect(first?.betas).toContain("message-threads-2026-08-12");
    // A continuation sends only the tool result; the fake puts the stored history back in front.
    expect(second?.body).toMatchObject({
      thread: { type: "continue", previous_message_id: (first!.response as { id: string }).id },
      messages: [{ role: "user", content: [{ type: "tool_result" }] }],
    });
    expect(second?.body).not.toHaveProperty("system");
    expect(third?.conversation?.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);
    expect(third?.conversation?.system).toEqual(first?.conversation?.system);
    expect(fake.shownText()).toContain("a - b");
  });

  it("falls back to the full history when the server does not hold threads", async () => {
    const { fake, workspace, final } = await runFix({ threads: false });

    expect(final.content).toMatchObject([{ type: "text", text: "Fixed `sum` to add." }]);
    expect(workspace.files.get("src/sum.ts")).toContain("a + b");
    const rejected = fake.requests[0];
    expect(rejected?.status).toBe(400);
    expect(rejected?.response).toMatchObject({
      error: { details: { error_code: "thread_unsupported_request" } },
    });
    const served = fake.requests.slice(1);
    expect(served.map((request) => request.status)).toEqual([200, 200, 200]);
    expect(served.every((request) => !("thread" in (request.body as object)))).toBe(true);
    expect((served[2]!.body as { messages: unknown[] }).messages).toHaveLength(5);
  });

  it("completes the loop when it streams", async () => {
    const { fake, final } = await runFix({}, true);

    expect(final.content).toMatchObject([{ type: "text", text: "Fixed `sum` to add." }]);
    expect(fake.requests.every((request) => (request.body as { stream?: boolean }).stream)).toBe(
      true,
    );
  });
});
