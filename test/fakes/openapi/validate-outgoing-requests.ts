import { checkRequest, type GitHubRequest } from "./check-request.ts";

export interface RecordedRequestViolation {
  /** The request as sent: `POST https://api.github.com/repos/o/r/issues/1/sub_issues`. */
  request: string;
  message: string;
}

export interface RequestValidationOptions {
  /** API roots besides `https://api.github.com`, e.g. a GitHub Enterprise Server's `/api/v3`. */
  bases?: string[];
}

const INSTALLED = Symbol.for("fanout.openapi.validating-fetch");

type Fetch = typeof globalThis.fetch;
type ValidatingFetch = Fetch & { [INSTALLED]: true };

const bases = new Set<string>();
const violations: RecordedRequestViolation[] = [];

/** Validates requests to this API root too, e.g. `https://ghe.example.com/api/v3`. */
export function registerGitHubApiBase(baseUrl: string): void {
  bases.add(baseUrl.replace(/\/+$/, ""));
}

/**
 * Wraps `globalThis.fetch` so every request to GitHub's API (what Octokit sends, whether nock
 * answers it or not) is checked against GitHub's OpenAPI description before it goes out.
 * Violations are recorded, not thrown, so the code under test behaves as it would against
 * GitHub; `takeRequestViolations()` hands them over. Install after nock is imported: nock
 * replaces `fetch` on import, and this wrapper must sit in front of it. Returns a function that
 * removes the wrapper again (a no-op when the wrapper was already installed by someone else).
 */
export function installRequestValidation(options: RequestValidationOptions = {}): () => void {
  for (const base of options.bases ?? []) registerGitHubApiBase(base);
  const current = globalThis.fetch as Partial<ValidatingFetch>;
  // Already in place (test/setup.ts installs it): one wrapper, so one record per request.
  if (current[INSTALLED]) return () => {};
  const underlying = globalThis.fetch;
  const validating = (async (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) => {
    await recordViolations(input, init);
    return underlying(input, init);
  }) as ValidatingFetch;
  validating[INSTALLED] = true;
  globalThis.fetch = validating;
  return () => {
    if (globalThis.fetch === validating) globalThis.fetch = underlying;
  };
}

/** The violations recorded since the last call, oldest first; clears them. */
export function takeRequestViolations(): RecordedRequestViolation[] {
  return violations.splice(0, violations.length);
}

async function recordViolations(
  input: Parameters<Fetch>[0],
  init: Parameters<Fetch>[1],
): Promise<void> {
  let url: URL;
  try {
    url = new URL(input instanceof Request ? input.url : String(input));
  } catch {
    return; // Not a URL fetch can use either: let it fail as it would without the wrapper.
  }
  const path = apiPath(url);
  // GraphQL shares the host but not the REST description; it has a schema of its own.
  if (path === undefined || path === "/graphql") return;
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const request = `${method} ${url.href}`;
  try {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : {}));
    const checked: GitHubRequest = { method, path, query: url.searchParams, headers };
    const text = await readBodyText(input, init);
    if (text === UNREADABLE) {
      checked.skipBodyCheck = true;
    } else {
      const parsed = parseBody(text, headers.get("content-type") ?? undefined);
      if (!parsed.ok) {
        violations.push({ request, message: `body is not valid JSON: ${parsed.error}` });
        return;
      }
      if (parsed.body !== undefined) checked.body = parsed.body;
    }
    for (const { message } of checkRequest(checked)) violations.push({ request, message });
  } catch (error) {
    // A validator bug must not pass for a valid request, nor break the code under test.
    violations.push({ request, message: `could not be validated: ${String(error)}` });
  }
}

/** The path relative to the API root, or undefined for requests that are not to GitHub's API. */
function apiPath(url: URL): string | undefined {
  // Fakes on loopback (the GitHub simulator) validate their own traffic.
  if (isLoopback(url.hostname)) return undefined;
  if (url.hostname === "api.github.com") return url.pathname;
  const target = `${url.origin}${url.pathname}`;
  for (const base of bases) {
    if (target === base) return "/";
    if (target.startsWith(`${base}/`)) return target.slice(base.length);
  }
  return undefined;
}

const UNREADABLE = Symbol("unreadable body");

/** The body as text when it can be read without consuming it; streams and forms are not. */
async function readBodyText(
  input: Parameters<Fetch>[0],
  init: Parameters<Fetch>[1],
): Promise<string | undefined | typeof UNREADABLE> {
  const body = init?.body;
  if (body === undefined || body === null) {
    if (input instanceof Request && input.body) return await input.clone().text();
    return undefined;
  }
  if (typeof body === "string") return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Blob) return await body.text();
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return new TextDecoder().decode(body);
  }
  return UNREADABLE;
}

function parseBody(
  text: string | undefined,
  contentType: string | undefined,
): { ok: true; body: unknown } | { ok: false; error: string } {
  // Octokit sends an empty body on PUT/PATCH without parameters; GitHub reads it as none.
  if (text === undefined || text === "") return { ok: true, body: undefined };
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  const json =
    mediaType === undefined || mediaType === "application/json" || mediaType.endsWith("+json");
  if (!json) return { ok: true, body: text };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === "127.0.0.1" ||
    hostname === "localhost" ||
    hostname === "[::1]" ||
    hostname === "::1"
  );
}
