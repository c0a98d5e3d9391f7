import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRequest } from "../../openapi/check-request.ts";
import { checkResponse } from "../../openapi/check-response.ts";
import type { SimContext } from "../sim-context.ts";
import type { Actor } from "../state/tokens.ts";
import { isWellFormedJwt } from "../state/tokens.ts";
import { type FaultTable, faultBody } from "./faults.ts";
import { basicError, DOCS_URL, HttpError } from "./http-error.ts";
import type { RouteResponse, Router } from "./router.ts";

export interface RequestLogEntry {
  method: string;
  /** The raw request path (percent-encoding kept), without the query. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The status answered; null for a request held by a timeout fault. */
  status: number | null;
  /** Set when an injected fault answered instead of the simulator. */
  fault?: "status" | "timeout";
  /** When the request arrived (ms since the epoch), for timelines. */
  at: number;
}

export interface UnhandledRequest {
  method: string;
  path: string;
}

/**
 * The simulator's HTTP front: logs, validates, injects faults, authenticates and routes every
 * request, then checks every answer against GitHub's description. Requests are handled one at a
 * time, as a simple stand-in for GitHub's consistency (no two merges race inside the fake).
 */
export class SimServer {
  readonly requests: RequestLogEntry[] = [];
  readonly unhandled: UnhandledRequest[] = [];
  readonly #ctx: SimContext;
  readonly #router: Router;
  readonly #faults: FaultTable;
  readonly #beforeEach: () => Promise<void>;
  readonly #server: Server;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    ctx: SimContext,
    router: Router,
    faults: FaultTable,
    beforeEach: () => Promise<void>,
  ) {
    this.#ctx = ctx;
    this.#router = router;
    this.#faults = faults;
    this.#beforeEach = beforeEach;
    this.#server = createServer((req, res) => {
      void this.#receive(req, res);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Runs `work` in the request queue, so it never interleaves with a request. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // Held (timeout-fault) and keep-alive connections would keep close() waiting forever.
    this.#server.closeAllConnections();
    await closed;
  }

  async #receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const text = await readBody(req);
    const entry: RequestLogEntry = {
      method,
      path,
      query,
      body: undefined,
      status: null,
      at: Date.now(),
    };
    this.requests.push(entry);
    let body: unknown;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        entry.body = text;
        this.#send(entry, res, {
          status: 400,
          body: { message: "Problems parsing JSON", documentation_url: DOCS_URL },
        });
        return;
      }
    }
    entry.body = body;
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(", ") : value,
      ]),
    );
    const requestViolations = checkRequest({
      method,
      path,
      query: url.searchParams,
      body,
      headers,
    });
    for (const violation of requestViolations) {
      this.#ctx.violations.push({ source: "request", message: violation.message });
    }

    const fault = this.#faults.take(method, path);
    if (fault?.timeout) {
      entry.fault = "timeout";
      return;
    }
    if (fault) {
      entry.fault = "status";
      entry.status = fault.status ?? 500;
      res.writeHead(entry.status, {
        "content-type": "application/json; charset=utf-8",
        ...fault.headers,
      });
      res.end(JSON.stringify(faultBody(fault)));
      return;
    }

    const match = this.#router.match(method, path);
    if (!match) {
      this.unhandled.push({ method, path });
      this.#send(entry, res, { status: 404, body: notFoundBody() });
      return;
    }
    const actor = this.#authenticate(match.route.template, req.headers.authorization);
    if (!actor) {
      this.#send(entry, res, {
        status: 401,
        body: { message: "Bad credentials", documentation_url: DOCS_URL, status: "401" },
      });
      return;
    }
    if (requestViolations.length > 0) {
      const message = `Invalid request.\n\n${requestViolations.map((v) => v.message).join("\n")}`;
      this.#send(entry, res, {
        status: 422,
        body: { message, documentation_url: DOCS_URL, status: "422" },
      });
      return;
    }
    const response = await this.exclusive(async () => {
      await this.#beforeEach();
      return runHandler(() =>
        match.route.handler({
          method,
          path,
          params: match.params,
          query,
          body,
          headers: req.headers,
          actor,
        }),
      );
    }).catch((error: unknown) => this.#crashed(method, path, error));
    this.#send(entry, res, response);
  }

  #authenticate(template: string, authorization: string | undefined): Actor | undefined {
    if (template === "/app/installations/{installation_id}/access_tokens") {
      return isWellFormedJwt(authorization)
        ? { login: `${this.#ctx.repo.appSlug}[bot]` }
        : undefined;
    }
    return this.#ctx.tokens.authenticate(authorization);
  }

  #crashed(method: string, path: string, error: unknown): RouteResponse {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.#ctx.violations.push({
      source: "response",
      message: `${method} ${path}: simulator error: ${detail}`,
    });
    return { status: 500, body: { message: "Server Error", status: "500" } };
  }

  #send(entry: RequestLogEntry, res: ServerResponse, response: RouteResponse): void {
    entry.status = response.status;
    const contentType = response.raw
      ? "text/plain; charset=utf-8"
      : "application/json; charset=utf-8";
    for (const violation of checkResponse(
      { method: entry.method, path: entry.path },
      response.status,
      response.body,
      { contentType },
    )) {
      this.#ctx.violations.push({
        source: "response",
        message: `${violation.message} (answered ${response.status})`,
      });
    }
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-github-media-type": "github.v3; format=json",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      ...response.headers,
    };
    // "finish": the whole response has been handed to the OS, so the client has its answer.
    if (response.after) res.once("finish", response.after);
    res.writeHead(response.status, headers);
    if (response.raw) res.end(response.raw);
    else if (response.body === undefined) res.end();
    else res.end(JSON.stringify(response.body));
  }
}

async function runHandler(handler: () => Promise<RouteResponse>): Promise<RouteResponse> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof HttpError) {
      return { status: error.status, body: error.body, headers: error.headers };
    }
    throw error;
  }
}

function notFoundBody(): Record<string, unknown> {
  return basicError(404, "Not Found").body;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
