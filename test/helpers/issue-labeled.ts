import { examplePayload } from "./webhook-examples.ts";

export const INSTALLATION_ID = 4242;

/** GitHub's `issues.labeled` example, with the label, sender and installation a test needs. */
export function issueLabeledEvent(options: { label?: string; sender?: string } = {}) {
  const payload = examplePayload("issues.labeled");
  payload.label = { ...payload.label!, name: options.label ?? "agent:parallel" };
  payload.sender = { ...payload.sender, login: options.sender ?? payload.sender.login };
  payload.installation = {
    id: INSTALLATION_ID,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==",
  };
  return { id: "delivery-1", name: "issues" as const, payload };
}
