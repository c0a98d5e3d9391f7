import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiError, createApiError, isApiError, renderApiErrorBody } from "./api-error.ts";
import { countPromptTokens, splitPrompt } from "./count-tokens.ts";
import { createIdSource } from "./create-id-source.ts";
import { draftReply, ScriptError } from "./draft-reply.ts";
import { parseJson, readBody, recordHeaders, sendEventStream, sendJson } from "./http-io.ts";
import { MessageThreads } from "./message-threads.ts";
import { PromptCache } from "./prompt-cache.ts";
import type {
  Conversation,
  ConversationMessage,
  RecordedRequest,
  UnexpectedRequest,
} from "./recorded-request.ts";
import { type FakeMessage, renderMessage } from "./render-message.ts";
import { collectShownText } from "./shown-text.ts";
import { renderEvent, streamEvents } from "./stream-events.ts";
import { isFault, parseTurn, type ScriptedTurn, type Turn, type TurnResponder } from "./turns.ts";
import { addUsage, emptyTotals, type UsageTotals } from "./usage-totals.ts";
import {
  checkToolPairing,
  parseCountTokensRequest,
  parseMessagesRequest,
} from "./validate-request.ts";

export interface FakeAnthropicOptions {
  /** Prefixes shorter than this many tokens are not cached, like the API's per-model minimum. Default 0. */
  cacheMinTokens?: number;
  /** Clock of the cache lifetimes (5 minutes, 1 hour). Default `Date.now`. */
  now?: () => number;
  /** Serve message threads (default). `false` answers them `thread_unsupported_request`. */
  threads?: boolean;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`baseURL`) or `ANTHROPIC_BASE_URL`, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests the script did not provide for; each was answered 500 with the reason. */
  readonly unexpected: UnexpectedRequest[];
  /** Queues turns (replies, faults, or functions of the request) for the next model requests. */
  enqueue(...turns: ScriptedTurn[]): void;
  /** Answers model requests once the queue is empty; `null` removes the fallback. */
  respondWith(responder: TurnResponder | null): void;
  /** Turns still queued. */
  pendingTurns(): number;
  usageTotals(): UsageTotals;
  /** Every string shown to the model across the requests it answered, one per line. */
  shownText(): string;
  close(): Promise<void>;
}

type Outcome =
  | { kind: "error"; error: ApiError; unexpected?: string }
  | { kind: "json"; body: object }
  | { kind: "message"; message: FakeMessage; stream: boolean };

/** Starts a fake of the Anthropic Messages API on 127.0.0.1, driven by the turns a test queues. */
export async function startFakeAnthropic(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const unexpected: UnexpectedRequest[] = [];
  const queue: Array<Turn | TurnResponder> = [];
  let fallback: TurnResponder | null = null;
  const cache = new PromptCache({
    now: options.now ?? Date.now,
    minTokens: options.cacheMinTokens ?? 0,
  });
  const threads = new MessageThreads({ enabled: options.threads ?? true });
  const totals: UsageTotals = emptyTotals();
  const nextId = createIdSource();
  const sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  let closed = false;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          sleeping.delete(sleeper);
          resolve();
        }, ms),
        wake: resolve,
      };
      sleeping.add(sleeper);
    });
  }

  async function answerMessages(record: RecordedRequest): Promise<Outcome> {
    const request = parseMessagesRequest(record.body);
    if (isApiError(request)) return { kind: "error", error: request };
    const threaded = threads.resolve(request, record.betas);
    if (isApiError(threaded)) return { kind: "error", error: threaded };
    const { conversation } = threaded;
    record.conversation = conversation;
    const failure = (outcome: Outcome): Outcome => {
      threads.release(threaded);
      return outcome;
    };
    const pairing = checkToolPairing(conversation.messages);
    if (pairing) return failure({ kind: "error", error: pairing });

    const entry = queue.shift() ?? fallback;
    if (!entry) {
      return failure(
        scriptProblem(record, "no scripted turn is left and no respondWith() fallback"),
      );
    }
    let turn: Turn;
    try {
      turn = typeof entry === "function" ? parseTurn(entry(record)) : entry;
    } catch (error) {
      return failure(scriptProblem(record, `the turn function threw: ${describe(error)}`));
    }
    if (turn.delayMs) await sleep(turn.delayMs);
    if (isFault(turn)) {
      const error = createApiError(turn.fault, turn.message);
      if (turn.retryAfter !== undefined) error.headers = { "retry-after": String(turn.retryAfter) };
      return failure({ kind: "error", error });
    }

    let draft: ReturnType<typeof draftReply>;
    try {
      draft = draftReply(turn, request, conversation, nextId.toolUse);
    } catch (error) {
      if (error instanceof ScriptError) return failure(scriptProblem(record, error.message));
      throw error;
    }
    const effect = cache.account(conversation.model, splitPrompt(conversation));
    const message = renderMessage({
      id: nextId.message(),
      model: request.model,
      draft,
      input: effect.usage,
    });
    cache.commit(effect);
    threads.record(threaded, message);
    addUsage(totals, message.usage);
    return { kind: "message", message, stream: request.stream === true };
  }

  function answerCountTokens(record: RecordedRequest): Outcome {
    const request = parseCountTokensRequest(record.body);
    if (isApiError(request)) return { kind: "error", error: request };
    const input_tokens = countPromptTokens({
      system: request.system as Conversation["system"],
      tools: request.tools ?? [],
      messages: request.messages as ConversationMessage[],
    });
    // The beta endpoint also reports context management, which the fake never applies.
    return {
      kind: "json",
      body: record.betas.length > 0 ? { input_tokens, context_management: null } : { input_tokens },
    };
  }

  function scriptProblem(record: RecordedRequest, reason: string): Outcome {
    const full = `fake Anthropic: cannot answer ${record.method} ${record.path} (request #${record.index}${summarize(record)}): ${reason}`;
    return { kind: "error", error: createApiError(500, full), unexpected: full };
  }

  async function route(record: RecordedRequest): Promise<Outcome> {
    if (!record.headers["x-api-key"] && !record.headers.authorization) {
      return { kind: "error", error: createApiError(401, "x-api-key header is required") };
    }
    if (!record.headers["anthropic-version"]) {
      return { kind: "error", error: createApiError(400, "anthropic-version: header is required") };
    }
    const known = record.method === "POST" && /^\/v1\/messages(\/count_tokens)?$/.test(record.path);
    if (known && record.body === undefined) {
      const message = "There was an issue with the formatting or parsing of your request JSON.";
      return { kind: "error", error: createApiError(400, message) };
    }
    if (known && record.path === "/v1/messages") return answerMessages(record);
    if (known) return answerCountTokens(record);
    const reason = `the fake serves POST /v1/messages and POST /v1/messages/count_tokens only`;
    const full = `fake Anthropic: ${record.method} ${record.path} is not served (request #${record.index}): ${reason}`;
    return { kind: "error", error: createApiError(404, full), unexpected: full };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers = recordHeaders(req);
    const record: RecordedRequest = {
      index: requests.length,
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      betas: (headers["anthropic-beta"] ?? "")
        .split(",")
        .map((beta) => beta.trim())
        .filter(Boolean),
      body: parseJson(raw),
      conversation: null,
      status: 0,
      response: undefined,
    };
    requests.push(record);
    const outcome = await route(record);
    if (closed) return;
    const requestId = nextId.request();
    if (outcome.kind === "error") {
      if (outcome.unexpected) unexpected.push({ request: record, reason: outcome.unexpected });
      const body = renderApiErrorBody(outcome.error, requestId);
      record.status = outcome.error.status;
      record.response = body;
      // The SDK would retry the fake's 500 with backoff; a script mistake will not fix itself.
      const noRetry: Record<string, string> = outcome.unexpected
        ? { "x-should-retry": "false" }
        : {};
      sendJson(res, outcome.error.status, body, {
        ...outcome.error.headers,
        ...noRetry,
        "request-id": requestId,
      });
      return;
    }
    record.status = 200;
    if (outcome.kind === "json") {
      record.response = outcome.body;
      sendJson(res, 200, outcome.body, { "request-id": requestId });
      return;
    }
    record.response = outcome.message;
    if (!outcome.stream) {
      sendJson(res, 200, outcome.message, { "request-id": requestId });
      return;
    }
    const events = streamEvents(outcome.message).map(renderEvent);
    sendEventStream(res, events, { "request-id": requestId });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = renderApiErrorBody(
        createApiError(500, `fake Anthropic crashed: ${describe(error)}`),
        "",
      );
      sendJson(res, 500, body, { "x-should-retry": "false" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    enqueue(...turns) {
      // Checked now, so a mistake in a script fails where it is written.
      for (const turn of turns) queue.push(typeof turn === "function" ? turn : parseTurn(turn));
    },
    respondWith(responder) {
      fallback = responder;
    },
    pendingTurns: () => queue.length,
    usageTotals: () => structuredClone(totals),
    shownText: () =>
      requests
        .filter((record) => record.status === 200 && record.conversation)
        .map((record) => collectShownText(record.conversation!))
        .join("\n"),
    async close() {
      closed = true;
      for (const sleeper of sleeping) {
        clearTimeout(sleeper.timer);
        sleeper.wake();
      }
      sleeping.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function summarize(record: RecordedRequest): string {
  const conversation = record.conversation;
  if (!conversation) return "";
  const last = conversation.messages.at(-1);
  const preview = last
    ? collectShownText({ ...conversation, system: undefined, tools: [], messages: [last] })
    : "";
  const short = preview.length > 120 ? `${preview.slice(0, 117)}...` : preview;
  return `, model ${conversation.model}, last ${last?.role ?? "no"} message: ${JSON.stringify(short)}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
