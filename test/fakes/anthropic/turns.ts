import { z } from "zod";
import type { RecordedRequest } from "./recorded-request.ts";

const ToolUseScript = z.strictObject({
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  id: z.string().min(1).optional(),
});
export type ToolUseScript = z.infer<typeof ToolUseScript>;

const StopReason = z.enum([
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
]);

/** What the model answers: text or structured output, tool calls, or nothing at all. */
const ReplyTurn = z
  .strictObject({
    text: z.string().optional(),
    /** Structured output: sent as the text block the SDK parses when `output_config.format` is set. */
    json: z.unknown().optional(),
    toolUse: z.union([ToolUseScript, z.array(ToolUseScript).min(1)]).optional(),
    /** Forces the stop reason; otherwise it follows from the content (`tool_use`, `end_turn`, ...). */
    stopReason: StopReason.optional(),
    delayMs: z.number().int().min(0).optional(),
  })
  .refine((turn) => turn.text === undefined || turn.json === undefined, {
    message: "a turn has `text` or `json`, not both",
  });
export type ReplyTurn = z.infer<typeof ReplyTurn>;

/** Statuses the API answers with an error body; 429, 500 and 529 are the ones clients retry. */
const FaultStatus = z.union([
  z.literal(400),
  z.literal(401),
  z.literal(403),
  z.literal(404),
  z.literal(413),
  z.literal(429),
  z.literal(500),
  z.literal(504),
  z.literal(529),
]);
export type FaultStatus = z.infer<typeof FaultStatus>;

/** An error answer instead of a reply; it uses up one request, like a real outage would. */
const FaultTurn = z.strictObject({
  fault: FaultStatus,
  /** Seconds, sent as `retry-after`; fractions are honoured by the SDK. */
  retryAfter: z.number().min(0).optional(),
  message: z.string().optional(),
  delayMs: z.number().int().min(0).optional(),
});
export type FaultTurn = z.infer<typeof FaultTurn>;

const Turn = z.union([FaultTurn, ReplyTurn]);
export type Turn = FaultTurn | ReplyTurn;

/** Builds the turn from the request it answers, e.g. to echo a tool result. */
export type TurnResponder = (request: RecordedRequest) => Turn;
export type ScriptedTurn = Turn | TurnResponder;

/** The turn as zod reads it; throws a readable error for a script mistake. */
export function parseTurn(value: unknown): Turn {
  const result = Turn.safeParse(value);
  if (!result.success) {
    throw new Error(`fake Anthropic: invalid scripted turn: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

export function isFault(turn: Turn): turn is FaultTurn {
  return "fault" in turn;
}
