import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";
import {
  installRequestValidation,
  takeRequestViolations,
} from "./fakes/openapi/validate-outgoing-requests.ts";

// A CI runner's own GITHUB_*/INPUT_* variables (and any real key) must never reach the code under test.
const LEAKY_ENV =
  /^(GITHUB_|INPUT_|RUNNER_|ACTIONS_|ANTHROPIC_)|^(APP_ID|PRIVATE_KEY|WEBHOOK_SECRET)$/;

const unmatched: string[] = [];
let uninstallRequestValidation: (() => void) | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  // Fakes of GitHub and the Anthropic API listen on loopback only.
  nock.enableNetConnect((host) => isLoopback(host.split(":")[0] ?? ""));
  nock.emitter.on("no match", (request: Request) => {
    const url = new URL(request.url);
    if (!isLoopback(url.hostname)) unmatched.push(`${request.method} ${url.href}`);
  });
  // Every request to GitHub must fit GitHub's OpenAPI description, mocked or not. The GHES URL
  // is the one tests use for Actions mode; it is checked against api.github.com's description.
  uninstallRequestValidation = installRequestValidation({
    bases: ["https://ghe.example.com/api/v3"],
  });
});

afterAll(() => {
  uninstallRequestValidation?.();
});

beforeEach(() => {
  for (const name of Object.keys(process.env)) {
    if (LEAKY_ENV.test(name)) delete process.env[name];
  }
  process.env.LOG_LEVEL = "fatal";
  unmatched.length = 0;
  takeRequestViolations();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  const unexpected = [...unmatched];
  const invalid = takeRequestViolations().map(({ request, message }) => `${request}: ${message}`);
  nock.cleanAll();
  expect(unexpected, "requests no mock expected").toEqual([]);
  expect(invalid, "requests GitHub's OpenAPI description does not allow").toEqual([]);
  expect(pending, "mocked requests that were never made").toEqual([]);
});

function isLoopback(hostname: string): boolean {
  return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
}
