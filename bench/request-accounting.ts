/** One HTTP request to the GitHub simulator, as the bench compares them. */
export type SeenRequest = { method: string; path: string };

const TOKEN_EXCHANGE = /^\/app\/installations\/\d+\/access_tokens$/;
const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export function isTokenExchange(request: SeenRequest): boolean {
  return request.method === "POST" && TOKEN_EXCHANGE.test(request.path);
}

export function isWrite(request: SeenRequest): boolean {
  return WRITES.has(request.method);
}

/**
 * The app's requests in the simulator's log: everything the bench's own clients (executors,
 * the person merging) sent is taken out, one log entry per recorded request, and so are token
 * exchanges. Requests carry no client identity in the log, so this is a multiset difference;
 * `compareRequests` then checks it against what the app process counted itself.
 */
export function appRequestsInLog(
  log: readonly SeenRequest[],
  outsiders: readonly SeenRequest[],
): SeenRequest[] {
  const left = countByKey(outsiders);
  const app: SeenRequest[] = [];
  for (const entry of log) {
    const key = keyOf(entry);
    const outside = left.get(key) ?? 0;
    if (outside > 0) left.set(key, outside - 1);
    else if (!isTokenExchange(entry)) app.push({ method: entry.method, path: entry.path });
  }
  const unmatched = [...left].filter(([, count]) => count > 0);
  if (unmatched.length > 0)
    throw new Error(
      `requests the bench sent are missing from the simulator's log: ${unmatched.map(([key, count]) => `${key} ×${count}`).join(", ")}`,
    );
  return app;
}

/** Lines describing how two request multisets differ; empty when they hold the same requests. */
export function compareRequests(
  expected: readonly SeenRequest[],
  actual: readonly SeenRequest[],
): string[] {
  const counts = countByKey(expected);
  for (const request of actual) {
    const key = keyOf(request);
    counts.set(key, (counts.get(key) ?? 0) - 1);
  }
  return [...counts]
    .filter(([, count]) => count !== 0)
    .map(([key, count]) => `${key}: ${count > 0 ? `${count} more` : `${-count} fewer`} in the log`);
}

/** `GET /issues/{n}/comments`: the endpoint a request hit, with the repository and ids elided. */
export function routeOf(request: SeenRequest): string {
  const path = request.path
    .replace(/^\/repos\/[^/]+\/[^/]+/, "")
    .replace(/\/contents\/.*$/, "/contents/{path}")
    .replace(/\/git\/trees\/.*$/, "/git/trees/{sha}")
    .replace(/\/\d+(?=\/|$)/g, "/{n}");
  return `${request.method} ${path || "/"}`;
}

/** Requests grouped by `routeOf`, most frequent first. */
export function countRoutes(requests: readonly SeenRequest[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const route = routeOf(request);
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function keyOf(request: SeenRequest): string {
  return `${request.method} ${request.path}`;
}

function countByKey(requests: readonly SeenRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const key = keyOf(request);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * A `fetch` that records each request's method and raw path before sending it, so a client's
 * requests can be told apart from others in the simulator's log.
 */
export function createRecordingFetch(
  record: (request: SeenRequest) => void,
  origin?: string,
): typeof fetch {
  const send = globalThis.fetch;
  return (input, init) => {
    const url = new URL(
      typeof input === "string" ? input : input instanceof URL ? input.href : input.url,
    );
    if (origin === undefined || url.origin === origin) {
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      record({ method: method.toUpperCase(), path: url.pathname });
    }
    return send(input, init);
  };
}
