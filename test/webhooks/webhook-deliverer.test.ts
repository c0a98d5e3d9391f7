import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { ApplicationFunction } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { type AppHarness, startAppHarness } from "../fakes/webhooks/app-harness.ts";
import {
  humanUser,
  issueCommentCreated,
  issueLabeled,
} from "../fakes/webhooks/payload-builders.ts";
import { createWebhookDeliverer } from "../fakes/webhooks/webhook-deliverer.ts";

type Received = { id: string; name: string; label?: string; body?: string };

const sender = humanUser("octo-dev");

/** A tiny app that records what reaches it, after a pause a response-too-early would expose. */
function recordingApp(received: Received[], onEvent?: (event: Received) => void) {
  const app: ApplicationFunction = (probot) => {
    probot.on(["issues.labeled", "issue_comment.created"], async (context) => {
      await sleep(5);
      const payload = context.payload as { label?: { name: string }; comment?: { body: string } };
      const event = {
        id: context.id,
        name: context.name,
        label: payload.label?.name,
        body: payload.comment?.body,
      };
      received.push(event);
      onEvent?.(event);
    });
  };
  return app;
}

let harness: AppHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function serve(app: ApplicationFunction): Promise<AppHarness> {
  harness = await startAppHarness({ app, githubUrl: "https://api.github.com" });
  return harness;
}

function labeled(label: string) {
  return issueLabeled({ label, sender });
}

describe("createWebhookDeliverer", () => {
  it("delivers a signed webhook that runs the app, and returns once the app has finished", async () => {
    const received: Received[] = [];
    const { url, secret } = await serve(recordingApp(received));
    const deliverer = createWebhookDeliverer({ url, secret });

    const id = deliverer.enqueue(labeled("agent:parallel"));
    expect(deliverer.pending()).toBe(1);
    await deliverer.flush();

    expect(received).toEqual([{ id, name: "issues", label: "agent:parallel" }]);
    expect(deliverer.pending()).toBe(0);
    expect(deliverer.deliveries).toMatchObject([
      { id, event: "issues", action: "labeled", status: 200, redelivery: false },
    ]);
  });

  it("sends the headers GitHub sends, with the HMAC of the exact body", async () => {
    const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const deliverer = createWebhookDeliverer({
        url: `http://127.0.0.1:${port}/hook`,
        secret: "s3cret",
        hookId: 77,
        appId: 1234,
      });
      const event = labeled("agent:parallel");

      const id = deliverer.enqueue(event.name, event.payload);
      await deliverer.flush();

      const [request] = requests;
      const hmac = createHmac("sha256", "s3cret").update(request!.body).digest("hex");
      expect(JSON.parse(request!.body)).toEqual(event.payload);
      expect(request!.headers).toMatchObject({
        "content-type": "application/json",
        "user-agent": expect.stringMatching(/^GitHub-Hookshot\//),
        "x-github-event": "issues",
        "x-github-delivery": id,
        "x-github-hook-id": "77",
        "x-github-hook-installation-target-type": "integration",
        "x-github-hook-installation-target-id": "1234",
        "x-hub-signature-256": `sha256=${hmac}`,
      });
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(deliverer.deliveries[0]?.status).toBe(204);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("is turned away by Probot when signed with the wrong secret: 400, handler not run", async () => {
    const received: Received[] = [];
    const { url } = await serve(recordingApp(received));
    const deliverer = createWebhookDeliverer({ url, secret: "not-the-app-secret" });

    deliverer.enqueue(labeled("agent:parallel"));
    await deliverer.flush();

    expect(received).toEqual([]);
    expect(deliverer.deliveries[0]?.status).toBe(400);
    expect(deliverer.deliveries[0]?.responseBody).toContain("signature does not match");
  });

  it("records an app's failure as GitHub would (500) and keeps delivering", async () => {
    const received: Received[] = [];
    const app: ApplicationFunction = (probot) => {
      probot.on("issues.labeled", async (context) => {
        if (context.payload.label?.name === "boom") throw new Error("handler failed");
        received.push({ id: context.id, name: context.name, label: context.payload.label?.name });
      });
    };
    const { url, secret } = await serve(app);
    const deliverer = createWebhookDeliverer({ url, secret });

    deliverer.enqueue(labeled("boom"));
    deliverer.enqueue(labeled("after"));
    await deliverer.flush();

    expect(deliverer.deliveries.map((delivery) => delivery.status)).toEqual([500, 200]);
    expect(received.map((event) => event.label)).toEqual(["after"]);
  });

  it("refuses a payload GitHub could not have sent, naming the field", () => {
    const deliverer = createWebhookDeliverer({ url: "http://127.0.0.1:9/unused", secret: "x" });
    const event = labeled("agent:parallel");
    Object.assign(event.payload.issue, { number: "1" });

    expect(() => deliverer.enqueue(event)).toThrow(
      'issues.labeled: `issue.number` must be integer (got "1")',
    );
    expect(deliverer.pending()).toBe(0);
  });

  it("delivers in reverse order when asked", async () => {
    const received: Received[] = [];
    const { url, secret } = await serve(recordingApp(received));
    const deliverer = createWebhookDeliverer({ url, secret, order: "reverse" });

    for (const label of ["a", "b", "c"]) deliverer.enqueue(labeled(label));
    await deliverer.flush();

    expect(received.map((event) => event.label)).toEqual(["c", "b", "a"]);
  });

  it("shuffles the same way for the same seed, and differently from the queue's order", async () => {
    const labels = ["a", "b", "c", "d", "e", "f"];
    const orders: string[][] = [];
    for (const seed of [7, 7, 8]) {
      const received: Received[] = [];
      const { url, secret } = await serve(recordingApp(received));
      const deliverer = createWebhookDeliverer({ url, secret, order: "shuffle", seed });
      for (const label of labels) deliverer.enqueue(labeled(label));
      await deliverer.flush();
      await harness?.close();
      harness = undefined;
      orders.push(received.map((event) => event.label ?? ""));
    }

    expect(orders[0]).toEqual(orders[1]);
    expect([...orders[0]!].sort()).toEqual(labels);
    expect(orders[0]).not.toEqual(labels);
    expect(orders[2]).not.toEqual(orders[0]);
  });

  it("switches order between flushes with setOrder", async () => {
    const received: Received[] = [];
    const { url, secret } = await serve(recordingApp(received));
    const deliverer = createWebhookDeliverer({ url, secret });

    for (const label of ["a", "b"]) deliverer.enqueue(labeled(label));
    await deliverer.flush();
    deliverer.setOrder("reverse");
    for (const label of ["c", "d"]) deliverer.enqueue(labeled(label));
    await deliverer.flush();

    expect(received.map((event) => event.label)).toEqual(["a", "b", "d", "c"]);
  });

  it("also delivers what is enqueued while flushing, as a fake GitHub reacting to the app would", async () => {
    const received: Received[] = [];
    let enqueueFollowUp = (_event: Received) => {};
    const { url, secret } = await serve(recordingApp(received, (event) => enqueueFollowUp(event)));
    const deliverer = createWebhookDeliverer({ url, secret });
    enqueueFollowUp = (event) => {
      if (event.name === "issues") {
        deliverer.enqueue(issueCommentCreated({ body: `saw ${event.label}`, sender }));
      }
    };

    deliverer.enqueue(labeled("agent:parallel"));
    await deliverer.flush();

    expect(received.map((event) => event.body ?? event.label)).toEqual([
      "agent:parallel",
      "saw agent:parallel",
    ]);
    expect(deliverer.pending()).toBe(0);
  });

  it("redelivers with the same X-GitHub-Delivery and body", async () => {
    const received: Received[] = [];
    const { url, secret } = await serve(recordingApp(received));
    const deliverer = createWebhookDeliverer({ url, secret });

    const id = deliverer.enqueue(labeled("agent:parallel"));
    await deliverer.flush();
    await deliverer.redeliver(id);

    expect(received.map((event) => event.id)).toEqual([id, id]);
    const [first, again] = deliverer.deliveries;
    expect(again).toMatchObject({ id, redelivery: true, status: 200, body: first?.body });
    expect(again?.requestHeaders["x-github-delivery"]).toBe(id);
  });

  it("cannot redeliver what was never sent", async () => {
    const deliverer = createWebhookDeliverer({ url: "http://127.0.0.1:9/unused", secret: "x" });
    const id = deliverer.enqueue(labeled("agent:parallel"));

    await expect(deliverer.redeliver(id)).rejects.toThrow(`delivery ${id} was never sent`);
  });
});
