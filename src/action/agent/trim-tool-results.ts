import type Anthropic from "@anthropic-ai/sdk";

type Message = Anthropic.Beta.Messages.BetaMessageParam;

const TRIMMED = "[older tool output removed to save tokens; run the tool again if you need it]";

/**
 * Once a conversation grows past `maxChars`, replaces the content of all but the most recent
 * tool results. Trimming rewrites history and so costs one cache miss; it is only worth it when
 * the history itself has become the expensive part.
 */
export function trimOldToolResults(
  messages: readonly Message[],
  maxChars: number,
  keepRecent = 6,
): Message[] {
  if (JSON.stringify(messages).length <= maxChars) return [...messages];
  let seen = 0;
  return [...messages]
    .reverse()
    .map((message) => {
      if (message.role !== "user" || typeof message.content === "string") return message;
      const content = message.content.map((block) => {
        if (block.type !== "tool_result") return block;
        seen += 1;
        return seen > keepRecent ? { ...block, content: TRIMMED } : block;
      });
      return { ...message, content };
    })
    .reverse();
}
