import { z } from "zod";
import { readMarker, renderMarker } from "../github/hidden-marker.ts";

const MARKER = "request";
const VERSION = 1;

/**
 * A person asked for another attempt (`/retry`) or a stronger model (`/escalate`). The app writes
 * it on the sub-issue and the reconciler dispatches it when a slot is free, like any ready task.
 */
export const AttemptRequest = z.object({
  kind: z.enum(["retry", "escalate"]),
  attempt: z.int().positive(),
  model: z.string(),
  by: z.string(),
  guidance: z.string().max(4_000).optional(),
  /** What went wrong last time, handed to the next attempt. */
  previousFailure: z.string().max(2_000).optional(),
});
export type AttemptRequest = z.infer<typeof AttemptRequest>;

export function renderAttemptRequestComment(request: AttemptRequest): string {
  const line =
    request.kind === "escalate"
      ? `⬆️ @${request.by} escalated this task: attempt ${request.attempt} will run on \`${request.model}\`.`
      : `🔁 @${request.by} asked for attempt ${request.attempt} on \`${request.model}\`.`;
  return `${line} It starts when a slot is free.\n\n${renderMarker(MARKER, VERSION, request)}`;
}

export function readAttemptRequest(body: string | null | undefined): AttemptRequest | undefined {
  return readMarker(body, MARKER, VERSION, AttemptRequest);
}
