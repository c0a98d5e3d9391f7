import { generateKeyPairSync } from "node:crypto";
import { type ApplicationFunction, Probot, ProbotOctokit } from "probot";

// Generated per test process: no key material is ever committed as a fixture.
let privateKey: string | undefined;

/** The test app's RSA private key (PEM), shared by every Probot a test process creates. */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs1",
    format: "pem",
  }) as string;
  return privateKey;
}

/**
 * Octokit as the app gets it, minus the retries and throttling that would hide or slow failures.
 * The function form matters: Probot layers its own throttle options over plain object defaults,
 * which silently re-enables throttling (3 s between comment writes).
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/** A fresh Probot for one test, with the app loaded, talking to `baseUrl`. */
export async function createTestProbot(
  app: ApplicationFunction,
  baseUrl = "https://api.github.com",
): Promise<Probot> {
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    baseUrl,
    Octokit: TestOctokit,
    logLevel: "fatal",
  });
  await probot.load(app);
  return probot;
}
