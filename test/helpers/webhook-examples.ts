// Moved next to the other webhook fakes; this path stays for the tests that import it.
export { examplePayload, exampleVariants } from "../fakes/webhooks/webhook-examples.ts";
