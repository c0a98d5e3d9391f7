import type Anthropic from "@anthropic-ai/sdk";
import { usageFromApi } from "../../cost/usage.ts";
import { createControlTools } from "../tools/control-tools.ts";
import type { ExecutorSession } from "../tools/executor-session.ts";
import { createFileTools } from "../tools/file-tools.ts";
import type { LimitName, SpendMeter } from "./attempt-limits.ts";
import { EXECUTOR_SYSTEM_PROMPT } from "./executor-prompt.ts";
import { trimOldToolResults } from "./trim-tool-results.ts";

export type AgentEnding =
  | { kind: "finished"; summary: string }
  | { kind: "escalated"; reason: string }
  | { kind: "limit"; limit: LimitName };

type AgentOptions = {
  model: string;
  session: ExecutorSession;
  taskContext: string;
  meter: SpendMeter;
  now: () => number;
  /** Extra user turns, e.g. failing test output after `finish`. */
  followUp?: string | undefined;
};

const MAX_OUTPUT_TOKENS = 8_192;
const HISTORY_TRIM_CHARS = 300_000;

/**
 * The model loop, on the SDK's tool runner with fanout's sandboxed tools. System prompt, tools and
 * task are cached (they are the same on every turn); limits are checked after every response.
 */
export async function runAgent(anthropic: Anthropic, options: AgentOptions): Promise<AgentEnding> {
  const { session, meter } = options;
  session.ending = undefined;
  const tools = [...createFileTools(session), ...createControlTools(session)];
  Object.assign(tools[tools.length - 1]!, { cache_control: { type: "ephemeral" } });
  const content: Anthropic.Beta.Messages.BetaTextBlockParam[] = [
    { type: "text", text: options.taskContext, cache_control: { type: "ephemeral" } },
  ];
  if (options.followUp) content.push({ type: "text", text: options.followUp });

  const runner = anthropic.beta.messages.toolRunner({
    model: options.model,
    max_tokens: MAX_OUTPUT_TOKENS,
    system: [{ type: "text", text: EXECUTOR_SYSTEM_PROMPT, cache_control: { type: "ephemeral" } }],
    tools,
    messages: [{ role: "user", content }],
  });

  let lastText = "";
  for await (const message of runner) {
    meter.record(usageFromApi(message.usage));
    lastText =
      message.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n") ||
      lastText;
    const toolResults = await runner.generateToolResponse();
    if (session.ending) return session.ending;
    const limit = meter.reached(options.now());
    if (limit) return { kind: "limit", limit };
    if (JSON.stringify(runner.params.messages).length > HISTORY_TRIM_CHARS) {
      // Replacing params means this turn's reply and results must be appended by hand.
      const turn = [
        { role: "assistant" as const, content: message.content },
        ...(toolResults ? [toolResults] : []),
      ];
      runner.setMessagesParams((params) => ({
        ...params,
        messages: trimOldToolResults([...params.messages, ...turn], HISTORY_TRIM_CHARS),
      }));
    }
  }
  // The model stopped calling tools without `finish`: treat its last words as the summary.
  return (
    session.ending ?? {
      kind: "finished",
      summary: lastText || "The executor stopped without a summary.",
    }
  );
}
