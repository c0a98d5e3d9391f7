import { notFound } from "../http/http-error.ts";
import type { Router } from "../http/router.ts";
import { toSimpleUser } from "../rest/user.ts";
import type { SimContext } from "../sim-context.ts";
import { basePermission, type PermissionLevel } from "../state/permissions.ts";
import { json, noContent, repoRoutes } from "./route-helpers.ts";

const RANK: Record<PermissionLevel, number> = {
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

/**
 * Permission checks. GitHub answers 200 for any existing user: someone without access gets
 * `permission: "none"` on a private repository, `read` on a public one (everyone can read it);
 * 404 is only for logins that are not users, which the simulator cannot tell apart.
 */
export function registerCollaboratorRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("GET", "/collaborators/{username}/permission", async (request) => {
    const login = request.params.username ?? "";
    const level = effectiveLevel(ctx, login);
    const roleName = level ?? "none";
    return json({
      permission: basePermission(level),
      role_name: roleName,
      user: {
        ...toSimpleUser(ctx, login),
        permissions: {
          pull: level !== undefined,
          triage: rankOf(level) >= RANK.triage,
          push: rankOf(level) >= RANK.write,
          maintain: rankOf(level) >= RANK.maintain,
          admin: level === "admin",
        },
        role_name: roleName,
      },
    });
  });

  repo("GET", "/collaborators/{username}", async (request) => {
    if (!ctx.permissions.get(request.params.username ?? "")) throw notFound();
    return noContent();
  });
}

function effectiveLevel(ctx: SimContext, login: string): PermissionLevel | undefined {
  return ctx.permissions.get(login) ?? (ctx.repo.private ? undefined : "read");
}

function rankOf(level: PermissionLevel | undefined): number {
  return level ? RANK[level] : 0;
}
