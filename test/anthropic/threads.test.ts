import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

const THREADS_BETA = "message-threads-2026-08-12";

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = createFakeClient(fake);
  fake.respondWith((request) => ({ text: `${request.conversation?.messages.length} messages` }));
});

afterEach(async () => {
  await fake.close();
});

function send(thread: Anthropic.Beta.BetaMessageThreadParam, content = "hello") {
  return client.beta.messages.create({
    model: MODEL,
    max_tokens: 50,
    betas: [THREADS_BETA],
    messages: [{ role: "user", content }],
    thread,
  });
}

describe("message threads", () => {
  it("keeps the conversation of a thread across turns", async () => {
    const thread = client.beta.messages.thread({
      model: MODEL,
      max_tokens: 50,
      system: "Be brief.",
    });

    await thread.send({ role: "user", content: "first" });
    const second = await thread.send({ role: "user", content: "second" });

    expect(second.content).toMatchObject([{ type: "text", text: "3 messages" }]);
    expect(fake.requests[1]?.body).toMatchObject({ messages: [{ content: "second" }] });
    expect(fake.requests[1]?.conversation?.system).toBe("Be brief.");
  });

  it("answers thread_not_found for an unknown previous message", async () => {
    const error = await send({ type: "continue", previous_message_id: "msg_unknown" }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as APIError).errorCode).toBe("thread_not_found");
  });

  it("lets a reply be continued once only", async () => {
    const created = await send({ type: "create" });
    await send({ type: "continue", previous_message_id: created.id });

    const again = send({ type: "continue", previous_message_id: created.id });

    await expect(again).rejects.toMatchObject({
      status: 400,
      errorCode: "thread_already_continued",
    });
  });

  it("rejects `thread` without the threads beta", async () => {
    const sent = client.beta.messages.create({
      model: MODEL,
      max_tokens: 50,
      messages: [{ role: "user", content: "hi" }],
      thread: { type: "create" },
    });

    await expect(sent).rejects.toThrow("thread: Extra inputs are not permitted");
  });
});
