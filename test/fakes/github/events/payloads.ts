import { installationRef } from "../../webhooks/webhook-actors.ts";
import { toRestRepository } from "../rest/repository.ts";
import { toSimpleUser } from "../rest/user.ts";
import type { SimContext } from "../sim-context.ts";

/**
 * Sends the webhook `name` with `action`: the event's own fields plus what every webhook
 * carries (`repository`, `sender`, `installation`), built from the same REST objects the API
 * returns, like GitHub does.
 */
export function sendWebhook(
  ctx: SimContext,
  name: string,
  action: string,
  fields: Record<string, unknown>,
  sender: string,
): void {
  ctx.events.emit(name, {
    action,
    ...fields,
    repository: toRestRepository(ctx),
    sender: toSimpleUser(ctx, sender),
    installation: installationRef(ctx.repo.installationId),
  });
}
