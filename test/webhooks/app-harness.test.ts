import nock from "nock";
import type { ApplicationFunction } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AppHarness, startAppHarness } from "../fakes/webhooks/app-harness.ts";
import { humanUser, INSTALLATION_ID, issueLabeled } from "../fakes/webhooks/payload-builders.ts";
import { createWebhookDeliverer } from "../fakes/webhooks/webhook-deliverer.ts";

const GITHUB_URL = "https://ghe.example.com/api/v3";
const labeled = () => issueLabeled({ label: "agent:parallel", sender: humanUser("octo-dev") });

let harness: AppHarness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await harness?.close();
  harness = undefined;
});

describe("startAppHarness", () => {
  it("gives the app an Octokit that calls githubUrl as the payload's installation", async () => {
    const app: ApplicationFunction = (probot) => {
      probot.on("issues.labeled", async (context) => {
        await context.octokit.rest.issues.createComment(context.issue({ body: "on it" }));
      });
    };
    harness = await startAppHarness({ app, githubUrl: GITHUB_URL });
    const github = nock(GITHUB_URL)
      .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
      .reply(201, { token: "ghs_harness", expires_at: "2099-01-01T00:00:00Z" })
      .post("/repos/Codertocat/Hello-World/issues/1/comments", { body: "on it" })
      .matchHeader("authorization", "token ghs_harness")
      .reply(201, { id: 1 });
    const deliverer = createWebhookDeliverer(harness);

    deliverer.enqueue(labeled());
    await deliverer.flush();

    expect(github.isDone()).toBe(true);
    expect(deliverer.deliveries[0]?.status).toBe(200);
  });

  it("serves webhooks on Probot's default path and nothing else", async () => {
    harness = await startAppHarness({ app: () => {}, githubUrl: GITHUB_URL });
    const { origin, pathname } = new URL(harness.url);

    const elsewhere = await fetch(`${origin}/somewhere-else`, { method: "POST" });
    const get = await fetch(harness.url);

    expect(pathname).toBe("/api/github/webhooks");
    expect(elsewhere.status).toBe(404);
    expect(get.status).toBe(404);
  });

  it("shows the app its env while it runs, and restores the environment on close", async () => {
    let seen: string | undefined;
    const app: ApplicationFunction = (probot) => {
      probot.on("issues.labeled", () => {
        seen = process.env.FANOUT_TEST_SETTING;
      });
    };
    harness = await startAppHarness({
      app,
      githubUrl: GITHUB_URL,
      env: { FANOUT_TEST_SETTING: "from-harness" },
    });
    const deliverer = createWebhookDeliverer(harness);

    deliverer.enqueue(labeled());
    await deliverer.flush();
    await harness.close();
    harness = undefined;

    expect(seen).toBe("from-harness");
    expect(process.env.FANOUT_TEST_SETTING).toBeUndefined();
  });

  it("makes flush() wait for a handler Probot gave up waiting for (202 after 9 s)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const steps: string[] = [];
    let release = () => {};
    let started = () => {};
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const app: ApplicationFunction = (probot) => {
      probot.on("issues.labeled", async () => {
        started();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        steps.push("handler finished");
      });
    };
    harness = await startAppHarness({ app, githubUrl: GITHUB_URL });
    const deliverer = createWebhookDeliverer(harness);
    deliverer.enqueue(labeled());

    const flushed = deliverer.flush().then(() => steps.push("flush resolved"));
    await handlerStarted;
    vi.advanceTimersByTime(9_000);
    await vi.waitFor(() => expect(deliverer.deliveries).toHaveLength(1));
    steps.push("answered");
    release();
    await flushed;

    expect(deliverer.deliveries[0]?.status).toBe(202);
    expect(steps).toEqual(["answered", "handler finished", "flush resolved"]);
  });
});
