import type { ContentBlock, Conversation, RecordedRequest } from "./recorded-request.ts";

/**
 * Every string the model was shown in one conversation (system, tool definitions, messages, tool
 * inputs and results), one per line, so a test can search it for a secret or an instruction
 * without caring about JSON escaping.
 */
export function collectShownText(conversation: Conversation): string {
  const strings: string[] = [];
  collectStrings([conversation.system, conversation.tools, conversation.messages], strings);
  return strings.join("\n");
}

/** The tool results the last user message of a request carries, text joined per result. */
export function readToolResults(
  request: RecordedRequest,
): Array<{ tool_use_id: string; text: string; is_error: boolean }> {
  const last = request.conversation?.messages.findLast((message) => message.role === "user");
  if (!last || typeof last.content === "string") return [];
  return last.content
    .filter((block) => block.type === "tool_result")
    .map((block) => ({
      tool_use_id: String(block.tool_use_id),
      text: resultText(block.content),
      is_error: block.is_error === true,
    }));
}

function resultText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return (content as ContentBlock[])
    .map((block) => (block.type === "text" ? String(block.text) : JSON.stringify(block)))
    .join("\n");
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === "string") {
    into.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, into);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // Ids and type tags are plumbing, not something the model reads as text.
      if (key === "type" || key === "id" || key === "tool_use_id" || key === "role") continue;
      collectStrings(item, into);
    }
  }
}
