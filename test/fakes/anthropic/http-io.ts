import type { IncomingMessage, ServerResponse } from "node:http";

const REDACTED_HEADERS = new Set(["x-api-key", "authorization"]);

/** Request headers by lowercased name, with the credentials replaced. */
export function recordHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = REDACTED_HEADERS.has(name)
      ? "[redacted]"
      : Array.isArray(value)
        ? value.join(", ")
        : value;
  }
  return headers;
}

/** The parsed JSON body, or `undefined` when there is none or it is not JSON. */
export function parseJson(raw: string): unknown {
  if (raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** A server-sent event stream, written at once: clients still read it event by event. */
export function sendEventStream(
  res: ServerResponse,
  events: string[],
  headers: Record<string, string>,
): void {
  res.writeHead(200, {
    ...headers,
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
  });
  for (const event of events) res.write(event);
  res.end();
}
