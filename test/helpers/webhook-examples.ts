import { createRequire } from "node:module";
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";

type Examples = { name: string; examples: Array<Record<string, unknown>> }[];

const require = createRequire(import.meta.url);
const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as Examples;

/** A copy of GitHub's own example payload for `name.action`, to be adjusted by a test. */
export function examplePayload<E extends EmitterWebhookEventName>(
  name: E,
): EmitterWebhookEvent<E>["payload"] {
  const [event, action] = name.split(".");
  const found = examples
    .find((group) => group.name === event)
    ?.examples.find((example) => action === undefined || example.action === action);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${name} payload`);
  return structuredClone(found) as EmitterWebhookEvent<E>["payload"];
}
