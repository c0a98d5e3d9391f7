import type { ContentBlock, Conversation, ToolDefinition } from "./recorded-request.ts";

export type CacheTtl = "5m" | "1h";

/**
 * One cacheable unit of the prompt, in the order the API caches them: tools, then system, then
 * messages. `key` identifies its content (never its `cache_control`), so two requests that agree
 * on every key up to a point share that prefix.
 */
export interface PromptSegment {
  key: string;
  tokens: number;
  /** Set when the unit carries a `cache_control` breakpoint. */
  ttl: CacheTtl | null;
}

/** A deterministic stand-in for the tokenizer: a quarter of the characters, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function splitPrompt(conversation: Omit<Conversation, "model">): PromptSegment[] {
  const segments: PromptSegment[] = [];
  conversation.tools.forEach((tool: ToolDefinition, index) => {
    const content = withoutCacheControl(tool);
    segments.push({
      key: JSON.stringify(["tool", index, content]),
      tokens: estimateTokens(JSON.stringify(content)),
      ttl: ttlOf(tool),
    });
  });
  toBlocks(conversation.system).forEach((block, index) => {
    segments.push(blockSegment(["system", index], block));
  });
  conversation.messages.forEach((message, messageIndex) => {
    toBlocks(message.content).forEach((block, index) => {
      segments.push(blockSegment(["message", messageIndex, message.role, index], block));
    });
  });
  return segments;
}

export function countPromptTokens(conversation: Omit<Conversation, "model">): number {
  return splitPrompt(conversation).reduce((sum, segment) => sum + segment.tokens, 0);
}

/** Tokens of a block the model writes, counted like the same block in a prompt. */
export function countBlockTokens(block: { type: string }): number {
  return estimateTokens(blockText(block as ContentBlock));
}

function blockSegment(position: unknown[], block: ContentBlock): PromptSegment {
  return {
    key: JSON.stringify([...position, withoutCacheControl(block)]),
    tokens: estimateTokens(blockText(block)),
    ttl: ttlOf(block) ?? nestedTtl(block),
  };
}

/** The text a block puts in front of the model; structured parts count as their JSON. */
function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return String(block.text ?? "");
    case "tool_use":
      return JSON.stringify({ name: block.name, input: block.input });
    case "tool_result":
      if (typeof block.content === "string") return block.content;
      if (Array.isArray(block.content)) {
        return (block.content as ContentBlock[]).map(blockText).join("\n");
      }
      return "";
    default:
      return JSON.stringify(withoutCacheControl(block));
  }
}

/** A plain string is one text block to the model, so both spellings cache alike. */
function toBlocks(content: string | ContentBlock[] | undefined): ContentBlock[] {
  if (content === undefined) return [];
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content;
}

function ttlOf(value: object): CacheTtl | null {
  const control = (value as { cache_control?: { ttl?: CacheTtl } | null }).cache_control;
  if (!control) return null;
  return control.ttl ?? "5m";
}

/** A breakpoint inside a tool result's content marks the whole result. */
function nestedTtl(block: ContentBlock): CacheTtl | null {
  if (block.type !== "tool_result" || !Array.isArray(block.content)) return null;
  for (const inner of block.content as ContentBlock[]) {
    const ttl = ttlOf(inner);
    if (ttl) return ttl;
  }
  return null;
}

/** The value without its breakpoints, also those on the blocks inside a tool result. */
function withoutCacheControl<T extends object>(value: T): Omit<T, "cache_control"> {
  const { cache_control: _ignored, ...rest } = value as T & { cache_control?: unknown };
  const content = (rest as { content?: unknown }).content;
  if (Array.isArray(content)) {
    return { ...rest, content: content.map((inner: object) => withoutCacheControl(inner)) };
  }
  return rest;
}
