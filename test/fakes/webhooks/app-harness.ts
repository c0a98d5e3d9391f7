import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApplicationFunction, createNodeMiddleware, Probot } from "probot";
import { TestOctokit, testPrivateKey } from "../../helpers/create-test-probot.ts";
import { TEST_APP } from "./webhook-actors.ts";

export type AppHarnessOptions = {
  /** The Probot app to serve: fanout's (`src/app.ts`) or a test's own. */
  app: ApplicationFunction;
  /** Where the app's Octokit sends REST calls: a fake GitHub on loopback, or a nocked host. */
  githubUrl: string;
  /** Environment variables the app sees while the harness runs; restored by `close()`. */
  env?: Record<string, string>;
  /** The webhook secret; a random one unless given. */
  secret?: string;
};

export type AppHarness = {
  /** The app's webhook address (Probot's default path, `/api/github/webhooks`). */
  url: string;
  secret: string;
  probot: Probot;
  /** Resolves once no webhook is being handled. */
  settled(): Promise<void>;
  /** Waits for handlers still running, stops the server and restores the environment. */
  close(): Promise<void>;
};

/**
 * Serves `app` over HTTP on 127.0.0.1 exactly as a deployment does: a fresh Probot, behind
 * Probot's own `createNodeMiddleware`, so signature checks, routing and error statuses are the
 * real ones.
 *
 * When does a delivery's response come? `@octokit/webhooks`' middleware awaits
 * `verifyAndReceive`, which awaits every handler, so the answer normally comes after the app has
 * finished. The exception is a handler still running after 9 s: the middleware then answers 202
 * "still processing" and the handler goes on. `settled()` covers that case: it tracks each
 * `verifyAndReceive` call (wrapped on Probot's `webhooks`, which the middleware calls at request
 * time) until it ends; the deliverer awaits it after each response when given it.
 */
export async function startAppHarness(options: AppHarnessOptions): Promise<AppHarness> {
  const restoreEnv = applyEnv(options.env ?? {});
  try {
    const secret = options.secret ?? randomBytes(20).toString("hex");
    const probot = new Probot({
      appId: TEST_APP.id,
      privateKey: testPrivateKey(),
      secret,
      baseUrl: options.githubUrl,
      Octokit: TestOctokit,
      logLevel: "fatal",
    });
    const middleware = await createNodeMiddleware(options.app, { probot });
    const settled = trackHandling(probot);
    const server = createServer((request, response) => {
      void middleware(request, response, () => {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}${probot.webhookPath}`,
      secret,
      probot,
      settled,
      async close() {
        try {
          await settled();
          server.closeAllConnections();
          await new Promise<void>((resolve, reject) =>
            server.close((error) => (error ? reject(error) : resolve())),
          );
        } finally {
          restoreEnv();
        }
      },
    };
  } catch (error) {
    restoreEnv();
    throw error;
  }
}

function trackHandling(probot: Probot): () => Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  const webhooks = probot.webhooks;
  const verifyAndReceive = webhooks.verifyAndReceive;
  webhooks.verifyAndReceive = (event) => {
    const handling = verifyAndReceive(event);
    const done: Promise<unknown> = handling
      .catch(() => undefined)
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
    return handling;
  };
  return async () => {
    // A handler may finish while another delivery starts; wait until none is left.
    while (inFlight.size > 0) await Promise.all(inFlight);
  };
}

function applyEnv(env: Record<string, string>): () => void {
  const previous = Object.entries(env).map(([name]) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
