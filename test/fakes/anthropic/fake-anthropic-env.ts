/** A fixed, obviously fake key: the fake only checks that one is sent. */
export const FAKE_ANTHROPIC_API_KEY = "test-key-not-secret";

/** Environment for a child process (e.g. the executor Action) that should talk to the fake. */
export function fakeAnthropicEnv(fake: { url: string }): {
  ANTHROPIC_BASE_URL: string;
  ANTHROPIC_API_KEY: string;
} {
  return { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: FAKE_ANTHROPIC_API_KEY };
}
