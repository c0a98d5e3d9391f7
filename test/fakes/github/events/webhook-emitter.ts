import { checkWebhookPayload } from "../../webhooks/check-webhook-payload.ts";
import type { Violation } from "../sim-context.ts";

export interface EmittedWebhook {
  /** The `X-GitHub-Event` name, e.g. `issues`. */
  name: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** Whether it was handed to the app's deliverer (false before `connectApp`). */
  delivered: boolean;
}

/** Where emitted webhooks go once an app is connected (the webhook deliverer's interface). */
export interface WebhookSink {
  enqueue(name: string, payload: object): unknown;
  flush(): Promise<void>;
}

/**
 * Collects every webhook the simulated GitHub sends, checks it against GitHub's webhook schemas
 * (a payload GitHub could not have sent is a simulator bug, recorded as a violation) and hands it
 * to the connected app's deliverer.
 */
export class WebhookEmitter {
  readonly emitted: EmittedWebhook[] = [];
  sink: WebhookSink | undefined;
  readonly #violations: Violation[];

  constructor(violations: Violation[]) {
    this.#violations = violations;
  }

  emit(name: string, payload: Record<string, unknown>): void {
    const action = typeof payload.action === "string" ? payload.action : undefined;
    const problems = checkWebhookPayload(name, payload);
    for (const message of problems) this.#violations.push({ source: "webhook", message });
    let delivered = false;
    // An invalid payload is recorded above; the deliverer would only refuse it again.
    if (this.sink && problems.length === 0) {
      try {
        this.sink.enqueue(name, payload);
        delivered = true;
      } catch (error) {
        this.#violations.push({ source: "webhook", message: `${name}: ${String(error)}` });
      }
    }
    this.emitted.push({ name, action, payload, delivered });
  }
}
