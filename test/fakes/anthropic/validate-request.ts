import { z } from "zod";
import { type ApiError, createApiError } from "./api-error.ts";
import type { ContentBlock, ConversationMessage } from "./recorded-request.ts";

const CacheControl = z
  .strictObject({ type: z.literal("ephemeral"), ttl: z.enum(["5m", "1h"]).optional() })
  .nullish();

const Block = z.looseObject({ type: z.string(), cache_control: CacheControl });

const MessageParam = z.looseObject({
  role: z.enum(["user", "assistant", "system"]),
  content: z.union([z.string(), z.array(Block)]),
});

const ToolParam = z.looseObject({
  name: z.string().optional(),
  cache_control: CacheControl,
});

const ThreadParam = z.union([
  z.strictObject({ type: z.literal("create") }),
  z.strictObject({ type: z.literal("continue"), previous_message_id: z.string().min(1) }),
]);

const OutputConfig = z.looseObject({
  format: z.looseObject({ type: z.literal("json_schema"), schema: z.unknown() }).nullish(),
});

/** The fields of a count_tokens request the fake reads; anything else passes through unchecked. */
const CountTokensRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(MessageParam),
  system: z.union([z.string(), z.array(Block)]).optional(),
  tools: z.array(ToolParam).optional(),
});
export type CountTokensRequest = z.infer<typeof CountTokensRequest>;

const MessagesRequest = CountTokensRequest.extend({
  max_tokens: z.number().int().min(1),
  stream: z.boolean().optional(),
  stop_sequences: z.array(z.string()).optional(),
  output_config: OutputConfig.nullish(),
  thread: ThreadParam.nullish(),
  tool_choice: z
    .looseObject({
      type: z.enum(["auto", "any", "tool", "none"]),
      name: z.string().optional(),
      disable_parallel_tool_use: z.boolean().optional(),
    })
    .optional(),
});
export type MessagesRequest = z.infer<typeof MessagesRequest>;

/** The API allows this many `cache_control` breakpoints in one request. */
const MAX_CACHE_BREAKPOINTS = 4;

export function parseMessagesRequest(body: unknown): MessagesRequest | ApiError {
  const parsed = parseWith(MessagesRequest, body);
  if ("status" in parsed) return parsed;
  const continues = parsed.thread?.type === "continue";
  // A thread continuation may send nothing new: the server resumes a paused turn.
  if (parsed.messages.length === 0 && !continues) {
    return createApiError(400, "messages: at least one message is required");
  }
  const empty = findEmptyContent(parsed.messages as ConversationMessage[]);
  if (empty) return empty;
  const breakpoints = countCacheBreakpoints(parsed);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) {
    return createApiError(
      400,
      `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`,
    );
  }
  return parsed;
}

export function parseCountTokensRequest(body: unknown): CountTokensRequest | ApiError {
  const parsed = parseWith(CountTokensRequest, body);
  if ("status" in parsed) return parsed;
  if (parsed.messages.length === 0) {
    return createApiError(400, "messages: at least one message is required");
  }
  return parsed;
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown): T | ApiError {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  // The API names the first offending field the way pydantic does: `max_tokens: Field required`.
  const issue = result.error.issues[0];
  const path = issue?.path.join(".") ?? "body";
  const missing = issue?.code === "invalid_type" && issue.input === undefined;
  return createApiError(400, `${path}: ${missing ? "Field required" : issue?.message}`);
}

/** The API refuses empty messages and empty text blocks, but lets a final assistant prefill be empty. */
function findEmptyContent(messages: ConversationMessage[]): ApiError | null {
  for (const [index, message] of messages.entries()) {
    const isPrefill = index === messages.length - 1 && message.role === "assistant";
    if (message.content.length === 0 && !isPrefill) {
      return createApiError(
        400,
        `messages.${index}: all messages must have non-empty content except for the optional final assistant message`,
      );
    }
    if (typeof message.content === "string") continue;
    for (const [blockIndex, block] of message.content.entries()) {
      if (block.type === "text" && block.text === "") {
        return createApiError(
          400,
          `messages.${index}.content.${blockIndex}.text: text content blocks must be non-empty`,
        );
      }
    }
  }
  return null;
}

function countCacheBreakpoints(request: MessagesRequest): number {
  const marked = (value: { cache_control?: unknown }) => (value.cache_control ? 1 : 0);
  let count = 0;
  for (const tool of request.tools ?? []) count += marked(tool);
  if (Array.isArray(request.system)) for (const block of request.system) count += marked(block);
  for (const message of request.messages) {
    if (typeof message.content === "string") continue;
    for (const block of message.content) {
      count += marked(block);
      if (block.type === "tool_result" && Array.isArray(block.content)) {
        for (const inner of block.content as Array<{ cache_control?: unknown }>) {
          count += marked(inner);
        }
      }
    }
  }
  return count;
}

/**
 * Tool calls must be answered in the very next message, and a tool result must answer a call of
 * the message before it: the API rejects a conversation that breaks either rule.
 */
export function checkToolPairing(messages: ConversationMessage[]): ApiError | null {
  // `system` messages in the list are instructions between turns; they do not break a pair.
  const turns = messages
    .map((message, index) => ({ message, index }))
    .filter(({ message }) => message.role !== "system");
  for (const [position, { message, index }] of turns.entries()) {
    const previous = turns[position - 1]?.message;
    const calls = previous?.role === "assistant" ? blocksOf(previous, "tool_use") : [];
    const callIds = new Set(calls.map((block) => block.id));
    if (message.role === "user") {
      for (const [blockIndex, block] of blocksOf(message, "tool_result").entries()) {
        if (!callIds.has(block.tool_use_id)) {
          return createApiError(
            400,
            `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
      }
    }
    if (calls.length > 0) {
      const answered = new Set(
        message.role === "user" ? blocksOf(message, "tool_result").map((b) => b.tool_use_id) : [],
      );
      const unanswered = calls.filter((call) => !answered.has(call.id)).map((call) => call.id);
      if (unanswered.length > 0) {
        const previousIndex = turns[position - 1]?.index ?? 0;
        return createApiError(
          400,
          `messages.${previousIndex}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${unanswered.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
    }
  }
  return null;
}

function blocksOf(message: ConversationMessage, type: string): ContentBlock[] {
  if (typeof message.content === "string") return [];
  return message.content.filter((block) => block.type === type);
}
