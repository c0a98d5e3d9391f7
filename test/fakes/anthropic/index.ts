/**
 * A fake of the Anthropic Messages API on 127.0.0.1 that the real `@anthropic-ai/sdk` talks to.
 *
 * ```ts
 * const fake = await startFakeAnthropic();
 * const client = new Anthropic({ baseURL: fake.url, apiKey: "test-key" });
 * fake.enqueue(
 *   { toolUse: { name: "read_file", input: { path: "README.md" } } },
 *   (request) => ({ text: `read: ${readToolResults(request)[0]?.text}` }),
 *   { fault: 529 },
 * );
 * // ... run the code under test, then:
 * expect(fake.unexpected).toEqual([]);
 * expect(fake.shownText()).not.toContain(secret);
 * await fake.close();
 * ```
 *
 * A child process gets the same fake through `fakeAnthropicEnv(fake)`.
 */
export { FAKE_ANTHROPIC_API_KEY, fakeAnthropicEnv } from "./fake-anthropic-env.ts";
export type {
  ContentBlock,
  Conversation,
  ConversationMessage,
  RecordedRequest,
  ToolDefinition,
  UnexpectedRequest,
} from "./recorded-request.ts";
export { collectShownText, readToolResults } from "./shown-text.ts";
export {
  type FakeAnthropic,
  type FakeAnthropicOptions,
  startFakeAnthropic,
} from "./start-fake-anthropic.ts";
export type {
  FaultStatus,
  FaultTurn,
  ReplyTurn,
  ScriptedTurn,
  ToolUseScript,
  Turn,
  TurnResponder,
} from "./turns.ts";
export type { UsageTotals } from "./usage-totals.ts";
