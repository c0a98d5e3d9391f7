import { notFound } from "../http/http-error.ts";
import type { Router } from "../http/router.ts";
import { APP_PERMISSIONS, toRestRepository } from "../rest/repository.ts";
import type { SimContext } from "../sim-context.ts";
import { bodyOf, json, repoRoutes } from "./route-helpers.ts";

export function registerAppRoutes(router: Router, ctx: SimContext): void {
  // Authenticated with the app's JWT (checked by the server); answers an installation token.
  router.on("POST", "/app/installations/{installation_id}/access_tokens", async (request) => {
    if (Number(request.params.installation_id) !== ctx.repo.installationId) throw notFound();
    const body = bodyOf(request);
    const issued = ctx.tokens.issue({ login: `${ctx.repo.appSlug}[bot]` });
    const permissions = (body.permissions as Record<string, string> | undefined) ?? APP_PERMISSIONS;
    return json(
      {
        token: issued.token,
        expires_at: issued.expiresAt,
        permissions,
        repository_selection: "selected",
        repositories: [toRestRepository(ctx)],
      },
      201,
    );
  });

  const repo = repoRoutes(router, ctx);
  repo("GET", "", async () => json(toRestRepository(ctx)));
}
