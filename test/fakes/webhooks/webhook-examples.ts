import { createRequire } from "node:module";
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";

type Examples = { name: string; examples: Array<Record<string, unknown>> }[];

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Examples;

/**
 * Copies of every example GitHub publishes for `name.action`, oldest recording first. Several
 * events have more than one, and the older ones predate fields GitHub now always sends.
 */
export function exampleVariants<E extends EmitterWebhookEventName>(
  name: E,
): EmitterWebhookEvent<E>["payload"][] {
  const [event, action] = name.split(".");
  const group = examples.find((candidate) => candidate.name === event);
  return (group?.examples ?? [])
    .filter((example) => action === undefined || example.action === action)
    .map((example) => structuredClone(example) as EmitterWebhookEvent<E>["payload"]);
}

/** A copy of GitHub's own example payload for `name.action`, to be adjusted by a test. */
export function examplePayload<E extends EmitterWebhookEventName>(
  name: E,
): EmitterWebhookEvent<E>["payload"] {
  const [found] = exampleVariants(name);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name} payload`);
  return found;
}
