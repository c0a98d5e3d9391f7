import Anthropic, { type ClientOptions } from "@anthropic-ai/sdk";
import type { FakeAnthropic } from "../fakes/anthropic/index.ts";

/** The real SDK pointed at the fake; no retries unless a test asks for them. */
export function createFakeClient(fake: FakeAnthropic, options: ClientOptions = {}): Anthropic {
  return new Anthropic({ baseURL: fake.url, apiKey: "test-key", maxRetries: 0, ...options });
}

export const MODEL = "claude-haiku-5-5";
