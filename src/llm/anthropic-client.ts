import Anthropic from "@anthropic-ai/sdk";

export type AnthropicOptions = {
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  maxRetries?: number;
};

/**
 * The SDK client fanout uses everywhere. The SDK already retries 408/409/429/5xx/529 with
 * exponential backoff and honours `retry-after`, so fanout adds no retry loop of its own.
 */
export function createAnthropic(options: AnthropicOptions = {}): Anthropic {
  const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
  if (!apiKey)
    throw new Error("ANTHROPIC_API_KEY is not set where fanout runs; its operator must add it");
  return new Anthropic({
    apiKey,
    baseURL: options.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? null,
    maxRetries: options.maxRetries ?? 4,
  });
}

/** A sentence for the issue when the model could not be reached, never the raw error object. */
export function describeModelError(error: unknown): string {
  if (error instanceof Anthropic.APIError) {
    const status = error.status ?? "no response";
    if (error.status === 529) return "the Anthropic API is overloaded (529), even after retries";
    if (error.status === 429)
      return "the Anthropic API rate limit was hit (429), even after retries";
    if (error.status === 401)
      return "the Anthropic API key was refused (401); the app's operator must check `ANTHROPIC_API_KEY`";
    if (typeof error.status === "number" && error.status >= 500)
      return `the Anthropic API failed (${status}), even after retries`;
    return `the Anthropic API answered ${status}: ${error.message.slice(0, 200)}`;
  }
  return error instanceof Error ? error.message.slice(0, 200) : String(error);
}
