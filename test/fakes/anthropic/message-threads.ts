import { type ApiError, createApiError } from "./api-error.ts";
import type { Conversation, ConversationMessage } from "./recorded-request.ts";
import type { MessagesRequest } from "./validate-request.ts";

/** The beta the SDK sends with every threaded request; without it the API rejects `thread`. */
const THREADS_BETA_PREFIX = "message-threads-";

/** A request resolved against the threads: the whole conversation and how it continues one. */
export interface ThreadedRequest {
  conversation: Conversation;
  /** The reply a `continue` builds on; it may be continued once only. */
  previousId: string | null;
  /** Whether the reply to this request opens or extends a thread the server keeps. */
  keepsThread: boolean;
}

/**
 * Message threads (`thread: {type: "create" | "continue"}`): the server keeps the conversation
 * under each reply's id, so a continuation sends only the new messages and no `system` or
 * `tools`. The SDK's tool runner uses them by default on the `Anthropic` client.
 */
export class MessageThreads {
  readonly #threads = new Map<string, { conversation: Conversation; continued: boolean }>();
  readonly #inFlight = new Set<string>();
  readonly #enabled: boolean;

  constructor(options: { enabled: boolean }) {
    this.#enabled = options.enabled;
  }

  /** The full conversation of a request, or the error the API gives for its `thread`. */
  resolve(request: MessagesRequest, betas: string[]): ThreadedRequest | ApiError {
    const own: Conversation = {
      model: request.model,
      system: request.system as Conversation["system"],
      tools: request.tools ?? [],
      messages: request.messages as ConversationMessage[],
    };
    const thread = request.thread;
    if (!thread) return { conversation: own, previousId: null, keepsThread: false };
    if (!betas.some((beta) => beta.startsWith(THREADS_BETA_PREFIX))) {
      return createApiError(400, "thread: Extra inputs are not permitted");
    }
    if (!this.#enabled) {
      return createApiError(
        400,
        "Message threads are not available for this request; send the full conversation without `thread`.",
        "thread_unsupported_request",
      );
    }
    if (thread.type === "create") return { conversation: own, previousId: null, keepsThread: true };

    const previousId = thread.previous_message_id;
    const stored = this.#threads.get(previousId);
    if (!stored) {
      return createApiError(
        404,
        `No thread state found for previous_message_id ${previousId}.`,
        "thread_not_found",
      );
    }
    if (stored.continued) {
      return createApiError(
        400,
        `The response ${previousId} has already been continued.`,
        "thread_already_continued",
      );
    }
    if (this.#inFlight.has(previousId)) {
      return createApiError(
        400,
        `Another request is continuing from ${previousId}.`,
        "thread_continue_in_flight",
      );
    }
    if (request.system !== undefined || request.tools !== undefined) {
      return createApiError(
        400,
        "system, tools: cannot be sent when continuing a thread; the thread keeps the values it was created with.",
      );
    }
    if (request.model !== stored.conversation.model) {
      return createApiError(
        400,
        `model: differs from the value stored with the thread (${stored.conversation.model}).`,
        "thread_fingerprint_mismatch",
      );
    }
    this.#inFlight.add(previousId);
    return {
      conversation: {
        ...stored.conversation,
        messages: [...stored.conversation.messages, ...own.messages],
      },
      previousId,
      keepsThread: true,
    };
  }

  /** Ends a continuation that failed: the reply it built on may be continued again. */
  release(threaded: ThreadedRequest): void {
    if (threaded.previousId) this.#inFlight.delete(threaded.previousId);
  }

  /** Keeps the conversation with its reply under the reply's id. */
  record(threaded: ThreadedRequest, reply: { id: string; content: unknown[] }): void {
    this.release(threaded);
    if (!threaded.keepsThread) return;
    const previous = threaded.previousId ? this.#threads.get(threaded.previousId) : undefined;
    if (previous) previous.continued = true;
    const answer: ConversationMessage = {
      role: "assistant",
      content: reply.content as ConversationMessage["content"],
    };
    this.#threads.set(reply.id, {
      conversation: {
        ...threaded.conversation,
        messages: [...threaded.conversation.messages, answer],
      },
      continued: false,
    });
  }
}
