import Anthropic, { type APIError } from "@anthropic-ai/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic/index.ts";
import { createFakeClient, MODEL } from "./fake-client.ts";

let fake: FakeAnthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
});

afterEach(async () => {
  await fake.close();
});

function ask(client: Anthropic) {
  return client.messages.create({
    model: MODEL,
    max_tokens: 50,
    messages: [{ role: "user", content: "hi" }],
  });
}

describe("faults", () => {
  it("answers 429 with retry-after, which the SDK's own retry honours", async () => {
    fake.enqueue({ fault: 429, retryAfter: 0.01 }, { text: "after the wait" });

    const message = await ask(createFakeClient(fake, { maxRetries: 2 }));

    expect(message.content).toMatchObject([{ type: "text", text: "after the wait" }]);
    const [limited, retried] = fake.requests;
    expect(limited?.status).toBe(429);
    expect(limited?.response).toMatchObject({
      type: "error",
      error: { type: "rate_limit_error", message: expect.any(String) },
    });
    expect(retried?.headers["x-stainless-retry-count"]).toBe("1");
    expect(fake.unexpected).toEqual([]);
  });

  it("surfaces a 429 with its retry-after header once retries are used up", async () => {
    fake.enqueue({ fault: 429, retryAfter: 30, message: "slow down" });

    const error = await ask(createFakeClient(fake)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const rateLimit = error as APIError;
    expect(rateLimit.headers?.get("retry-after")).toBe("30");
    expect(rateLimit.error).toMatchObject({
      error: { type: "rate_limit_error", message: "slow down" },
    });
  });

  it("surfaces 529 overloaded_error with maxRetries 0", async () => {
    fake.enqueue({ fault: 529 }, { text: "not reached" });

    const error = await ask(createFakeClient(fake)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Anthropic.OverloadedError);
    expect((error as APIError).status).toBe(529);
    expect((error as APIError).error).toMatchObject({
      error: { type: "overloaded_error" },
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.pendingTurns()).toBe(1);
  });

  it("surfaces 500 api_error after the last retry", async () => {
    fake.enqueue({ fault: 500, retryAfter: 0.001 }, { fault: 500 });

    const error = await ask(createFakeClient(fake, { maxRetries: 1 })).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as APIError).error).toMatchObject({ error: { type: "api_error" } });
    expect(fake.requests.map((request) => request.status)).toEqual([500, 500]);
  });

  it("decides a fault per request through a turn function", async () => {
    fake.respondWith((request) =>
      request.headers["x-stainless-retry-count"] === "0"
        ? { fault: 529, retryAfter: 0.001 }
        : { text: "second try" },
    );

    const message = await ask(createFakeClient(fake, { maxRetries: 1 }));

    expect(message.content).toMatchObject([{ text: "second try" }]);
  });

  it("answers slowly, so a client timeout fires", async () => {
    fake.enqueue({ text: "too late", delayMs: 10_000 });

    const sent = ask(createFakeClient(fake, { timeout: 50 }));

    await expect(sent).rejects.toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it("delays a reply that still arrives", async () => {
    fake.enqueue({ text: "slow but fine", delayMs: 20 });

    const message = await ask(createFakeClient(fake));

    expect(message.content).toMatchObject([{ text: "slow but fine" }]);
  });
});
