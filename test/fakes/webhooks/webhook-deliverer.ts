import { createHmac, randomUUID } from "node:crypto";
import { checkWebhookPayload } from "./check-webhook-payload.ts";
import { type DeliveryOrder, orderBatch, seededRandom } from "./seeded-order.ts";
import { TEST_APP } from "./webhook-actors.ts";

export type { DeliveryOrder } from "./seeded-order.ts";

/** One POST to the app, as GitHub's "Recent Deliveries" page would list it. */
export type Delivery = {
  /** `X-GitHub-Delivery`: the same on a redelivery. */
  id: string;
  /** `X-GitHub-Event`, e.g. `issues`. */
  event: string;
  action: string | undefined;
  redelivery: boolean;
  /** The exact body that was signed and sent. */
  body: string;
  requestHeaders: Record<string, string>;
  status: number;
  responseBody: string;
  durationMs: number;
  /** When it was sent (ms since the epoch), for timelines. */
  at: number;
};

export type WebhookDelivererOptions = {
  /** The app's webhook address, e.g. `startAppHarness(…).url`. */
  url: string;
  /** The webhook secret the payloads are signed with. */
  secret: string;
  /** In which order a batch of queued deliveries goes out: `fifo` unless given. */
  order?: DeliveryOrder;
  /** Seed of the `shuffle` order; the same seed gives the same order. 1 unless given. */
  seed?: number;
  /** `X-GitHub-Hook-ID`. */
  hookId?: number;
  /** `X-GitHub-Hook-Installation-Target-ID`: the app the hook belongs to. */
  appId?: number;
  /**
   * Awaited after each response before the next delivery: the harness's `settled`, so that a
   * handler still running after Probot answered "still processing" (202) counts as unfinished.
   */
  settled?: () => Promise<void>;
};

export type WebhookDeliverer = {
  /**
   * Queues a delivery and returns its id. The payload is checked against GitHub's webhook schema
   * first; one GitHub could not have sent throws, listing what is wrong.
   */
  enqueue: {
    (name: string, payload: object): string;
    (event: { name: string; payload: object }): string;
  };
  /**
   * Sends the queued deliveries one at a time, each after the app answered the previous one,
   * until none is left, including those enqueued meanwhile (by a fake GitHub reacting to the
   * app's calls, say). Non-2xx answers are recorded in `deliveries`, not thrown.
   */
  flush(): Promise<void>;
  /** Sends delivery `id` again, same id and body, like GitHub's "Redeliver" button. */
  redeliver(id: string): Promise<void>;
  /** Changes the order of the batches still to be sent (and restarts `shuffle` from `seed`). */
  setOrder(order: DeliveryOrder, seed?: number): void;
  /** Every POST made so far, in the order they were made. */
  deliveries: Delivery[];
  /** How many deliveries are queued and not yet sent. */
  pending(): number;
};

// GitHub's own example values for these headers, from its webhook OpenAPI description.
const DEFAULT_HOOK_ID = 12312312;
const USER_AGENT = "GitHub-Hookshot/123abc";

type Queued = { id: string; event: string; action: string | undefined; body: string };

/** A stand-in for GitHub's webhook sender, pointed at one app. */
export function createWebhookDeliverer(options: WebhookDelivererOptions): WebhookDeliverer {
  const queue: Queued[] = [];
  const sent = new Map<string, Queued>();
  const deliveries: Delivery[] = [];
  let order = options.order ?? "fifo";
  let random = seededRandom(options.seed ?? 1);
  let flushing: Promise<void> | undefined;

  function enqueue(
    nameOrEvent: string | { name: string; payload: object },
    maybePayload?: object,
  ): string {
    const [name, payload] =
      typeof nameOrEvent === "string"
        ? [nameOrEvent, maybePayload]
        : [nameOrEvent.name, nameOrEvent.payload];
    const problems = checkWebhookPayload(name, payload);
    if (problems.length > 0) {
      throw new Error(`GitHub would not send this ${name} webhook:\n- ${problems.join("\n- ")}`);
    }
    const action = (payload as { action?: unknown }).action;
    const id = randomUUID();
    queue.push({
      id,
      event: name.split(".")[0] ?? name,
      action: typeof action === "string" ? action : undefined,
      body: JSON.stringify(payload),
    });
    return id;
  }

  async function send(delivery: Queued, redelivery: boolean): Promise<void> {
    const requestHeaders = {
      accept: "*/*",
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "x-github-delivery": delivery.id,
      "x-github-event": delivery.event,
      "x-github-hook-id": String(options.hookId ?? DEFAULT_HOOK_ID),
      "x-github-hook-installation-target-id": String(options.appId ?? TEST_APP.id),
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature": `sha1=${hmac("sha1", delivery.body)}`,
      "x-hub-signature-256": `sha256=${hmac("sha256", delivery.body)}`,
    };
    const at = Date.now();
    const started = performance.now();
    const response = await fetch(options.url, {
      method: "POST",
      headers: requestHeaders,
      body: delivery.body,
    });
    const responseBody = await response.text();
    const durationMs = performance.now() - started;
    sent.set(delivery.id, delivery);
    deliveries.push({
      id: delivery.id,
      event: delivery.event,
      action: delivery.action,
      redelivery,
      body: delivery.body,
      requestHeaders,
      status: response.status,
      responseBody,
      durationMs,
      at,
    });
    await options.settled?.();
  }

  function hmac(algorithm: "sha1" | "sha256", body: string): string {
    return createHmac(algorithm, options.secret).update(body).digest("hex");
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = orderBatch(queue.splice(0), order, random);
      for (const [index, delivery] of batch.entries()) {
        try {
          await send(delivery, false);
        } catch (error) {
          // Nothing answered (the app is down): keep what was not sent, and say so loudly.
          queue.unshift(...batch.slice(index));
          throw error;
        }
      }
    }
  }

  return {
    enqueue,
    flush() {
      flushing ??= drain().finally(() => {
        flushing = undefined;
      });
      return flushing;
    },
    async redeliver(id) {
      const delivery = sent.get(id);
      if (!delivery) throw new Error(`delivery ${id} was never sent, so it cannot be redelivered`);
      await send(delivery, true);
    },
    setOrder(nextOrder, seed) {
      order = nextOrder;
      random = seededRandom(seed ?? options.seed ?? 1);
    },
    deliveries,
    pending: () => queue.length,
  };
}
