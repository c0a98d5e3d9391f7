/** A content block as the request carries it; the fake reads only a few fields of each kind. */
export interface ContentBlock {
  type: string;
  [field: string]: unknown;
}

export interface ConversationMessage {
  role: "user" | "assistant" | "system";
  content: string | ContentBlock[];
}

export interface ToolDefinition {
  name?: string;
  [field: string]: unknown;
}

/**
 * Everything the model sees for one request: on a message thread the history the server holds is
 * put back in front of the new messages, so this is the same whether or not the client threads.
 */
export interface Conversation {
  model: string;
  system: string | ContentBlock[] | undefined;
  tools: ToolDefinition[];
  messages: ConversationMessage[];
}

export interface RecordedRequest {
  /** Position among all requests the fake received, from 0. */
  index: number;
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  query: Record<string, string>;
  /** Lowercased names; the API key and any bearer token are replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** Values of the `anthropic-beta` header. */
  betas: string[];
  /** The JSON body as sent (undefined when it was not JSON). */
  body: unknown;
  /** Set for a valid `POST /v1/messages`. */
  conversation: Conversation | null;
  /** Status the fake answered with (0 while it is still answering). */
  status: number;
  /** The body it answered with; for a stream, the message the events add up to. */
  response: unknown;
}

/** A request the script did not provide for, or a script that could not be followed. */
export interface UnexpectedRequest {
  request: RecordedRequest;
  reason: string;
}
