import type { ReplyBlock } from "./draft-reply.ts";
import type { FakeMessage } from "./render-message.ts";

/** Text and tool input arrive in pieces of this many characters, so clients must join them. */
const CHUNK_CHARS = 24;

export interface StreamEvent {
  type: string;
  [field: string]: unknown;
}

/**
 * The server-sent events the API streams for `message`: `message_start` (empty content, the input
 * usage), a `ping`, then per block `content_block_start`, its deltas and `content_block_stop`,
 * `message_delta` (stop reason, final usage) and `message_stop`.
 */
export function streamEvents(message: FakeMessage): StreamEvent[] {
  const { usage } = message;
  const events: StreamEvent[] = [
    {
      type: "message_start",
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    },
    { type: "ping" },
  ];
  message.content.forEach((block, index) => {
    events.push({ type: "content_block_start", index, content_block: emptyBlock(block) });
    for (const delta of blockDeltas(block)) {
      events.push({ type: "content_block_delta", index, delta });
    }
    events.push({ type: "content_block_stop", index });
  });
  events.push(
    {
      type: "message_delta",
      delta: {
        stop_reason: message.stop_reason,
        stop_sequence: message.stop_sequence,
        stop_details: message.stop_details,
        container: message.container,
      },
      // Cumulative totals: the SDK overwrites its snapshot with them.
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
        output_tokens_details: usage.output_tokens_details,
        server_tool_use: usage.server_tool_use,
        iterations: usage.iterations,
        fallback_credit: usage.fallback_credit,
      },
    },
    { type: "message_stop" },
  );
  return events;
}

export function renderEvent(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function emptyBlock(block: ReplyBlock): ReplyBlock {
  return block.type === "text" ? { ...block, text: "" } : { ...block, input: {} };
}

function blockDeltas(block: ReplyBlock): object[] {
  if (block.type === "text") {
    return chunk(block.text).map((text) => ({ type: "text_delta", text }));
  }
  return chunk(JSON.stringify(block.input)).map((partial_json) => ({
    type: "input_json_delta",
    partial_json,
  }));
}

function chunk(text: string): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += CHUNK_CHARS)
    pieces.push(text.slice(at, at + CHUNK_CHARS));
  return pieces;
}
