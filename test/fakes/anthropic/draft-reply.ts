import { countBlockTokens } from "./count-tokens.ts";
import type { Conversation } from "./recorded-request.ts";
import { checkAgainstSchema } from "./schema-check.ts";
import type { ReplyTurn } from "./turns.ts";
import type { MessagesRequest } from "./validate-request.ts";

/** A script the fake cannot follow, such as a call to a tool the request does not offer. */
export class ScriptError extends Error {}

export interface TextBlock {
  type: "text";
  text: string;
  citations: null;
}

export interface ToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
  caller: { type: "direct" };
}

export type ReplyBlock = TextBlock | ToolUseBlock;

/** The model's side of a reply, before ids and usage are attached. */
export interface ReplyDraft {
  content: ReplyBlock[];
  stop_reason: NonNullable<ReplyTurn["stopReason"]>;
  stop_sequence: string | null;
  output_tokens: number;
}

/**
 * Turns a scripted turn into what the model would have written for this request, with the stop
 * rules the API applies: a custom stop sequence cuts the text, and output beyond `max_tokens` is
 * cut off (structured output included, so a too-small budget shows up as unparseable JSON).
 */
export function draftReply(
  turn: ReplyTurn,
  request: MessagesRequest,
  conversation: Conversation,
  nextToolUseId: () => string,
): ReplyDraft {
  let content: ReplyBlock[] = [];
  const text = turn.json !== undefined ? structuredText(turn.json, request) : turn.text;
  // The API sends no empty text block (the client could not send it back): no text, no block.
  if (text) content.push({ type: "text", text, citations: null });
  const toolUses = turn.toolUse === undefined ? [] : [turn.toolUse].flat();
  checkToolChoice(
    request,
    toolUses.map((toolUse) => toolUse.name),
  );
  for (const toolUse of toolUses) {
    checkToolCall(toolUse.name, toolUse.input, conversation);
    content.push({
      type: "tool_use",
      id: toolUse.id ?? nextToolUseId(),
      name: toolUse.name,
      input: toolUse.input,
      caller: { type: "direct" },
    });
  }

  let stopReason: ReplyDraft["stop_reason"] = toolUses.length > 0 ? "tool_use" : "end_turn";
  let stopSequence: string | null = null;
  const stopped = applyStopSequences(content, request.stop_sequences ?? []);
  if (stopped) {
    content = stopped.content;
    stopReason = "stop_sequence";
    stopSequence = stopped.sequence;
  }
  let outputTokens = content.reduce((sum, block) => sum + countBlockTokens(block), 0);
  if (outputTokens > request.max_tokens) {
    content = truncateToBudget(content, request.max_tokens);
    stopReason = "max_tokens";
    stopSequence = null;
    outputTokens = request.max_tokens;
  }
  return {
    content,
    stop_reason: turn.stopReason ?? stopReason,
    stop_sequence: stopSequence,
    // The API never reports zero output tokens, even for an empty answer.
    output_tokens: Math.max(1, outputTokens),
  };
}

function structuredText(json: unknown, request: MessagesRequest): string {
  const format = request.output_config?.format;
  if (format) {
    const problems = checkAgainstSchema(format.schema, json);
    if (problems.length > 0) {
      throw new ScriptError(
        `scripted json does not match the request's output_config.format schema: ${problems.join("; ")}`,
      );
    }
  }
  return JSON.stringify(json);
}

function checkToolCall(name: string, input: unknown, conversation: Conversation): void {
  const tool = conversation.tools.find((candidate) => candidate.name === name);
  if (!tool) {
    const offered = conversation.tools.map((candidate) => candidate.name).filter(Boolean);
    throw new ScriptError(
      `scripted tool call "${name}" names no tool of the request (tools: ${offered.join(", ") || "none"})`,
    );
  }
  // Only strict tools are guaranteed to get schema-valid input from the real model.
  if (tool.strict === true && tool.input_schema !== undefined) {
    const problems = checkAgainstSchema(tool.input_schema, input);
    if (problems.length > 0) {
      throw new ScriptError(
        `scripted input for strict tool "${name}" breaks its input_schema: ${problems.join("; ")}`,
      );
    }
  }
}

/** `tool_choice` binds the real model, so a script that ignores it could never happen. */
function checkToolChoice(request: MessagesRequest, called: string[]): void {
  const choice = request.tool_choice;
  if (!choice) return;
  const problem =
    choice.type === "none" && called.length > 0
      ? "calls a tool although tool_choice is none"
      : choice.type === "any" && called.length === 0
        ? "calls no tool although tool_choice is any"
        : choice.type === "tool" && called[0] !== choice.name
          ? `does not call ${String(choice.name)} first although tool_choice forces it`
          : choice.disable_parallel_tool_use === true && called.length > 1
            ? "calls several tools although disable_parallel_tool_use is set"
            : null;
  if (problem) throw new ScriptError(`the scripted turn ${problem}`);
}

function applyStopSequences(
  content: ReplyBlock[],
  sequences: string[],
): { content: ReplyBlock[]; sequence: string } | null {
  for (const [index, block] of content.entries()) {
    if (block.type !== "text") continue;
    let first: { at: number; sequence: string } | null = null;
    for (const sequence of sequences) {
      const at = sequence === "" ? -1 : block.text.indexOf(sequence);
      if (at >= 0 && (first === null || at < first.at)) first = { at, sequence };
    }
    if (first) {
      const kept = content.slice(0, index);
      if (first.at > 0) kept.push({ ...block, text: block.text.slice(0, first.at) });
      return { content: kept, sequence: first.sequence };
    }
  }
  return null;
}

/** Keeps what fits in `budget` tokens: a text block is cut, a tool call that does not fit is lost. */
function truncateToBudget(content: ReplyBlock[], budget: number): ReplyBlock[] {
  const kept: ReplyBlock[] = [];
  let left = budget;
  for (const block of content) {
    const tokens = countBlockTokens(block);
    if (tokens <= left) {
      kept.push(block);
      left -= tokens;
      continue;
    }
    if (block.type === "text" && left > 0)
      kept.push({ ...block, text: block.text.slice(0, left * 4) });
    break;
  }
  return kept;
}
