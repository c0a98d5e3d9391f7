import type { ReplyBlock, ReplyDraft } from "./draft-reply.ts";
import type { InputUsage } from "./prompt-cache.ts";

export interface FakeUsage extends InputUsage {
  output_tokens: number;
  output_tokens_details: null;
  server_tool_use: null;
  service_tier: "standard";
  inference_geo: null;
  speed: null;
  iterations: null;
  fallback_credit: null;
}

/** A reply shaped like the API's `Message` (and, with `context_management`, `BetaMessage`). */
export interface FakeMessage {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ReplyBlock[];
  stop_reason: ReplyDraft["stop_reason"];
  stop_sequence: string | null;
  stop_details: null;
  container: null;
  diagnostics: null;
  context_management: null;
  usage: FakeUsage;
}

export function renderMessage(options: {
  id: string;
  model: string;
  draft: ReplyDraft;
  input: InputUsage;
}): FakeMessage {
  const { id, model, draft, input } = options;
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content: draft.content,
    stop_reason: draft.stop_reason,
    stop_sequence: draft.stop_sequence,
    stop_details: null,
    container: null,
    diagnostics: null,
    context_management: null,
    usage: {
      ...input,
      output_tokens: draft.output_tokens,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: "standard",
      inference_geo: null,
      speed: null,
      iterations: null,
      fallback_credit: null,
    },
  };
}
