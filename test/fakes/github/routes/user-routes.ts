import type { Router } from "../http/router.ts";
import { toSimpleUser } from "../rest/user.ts";
import type { SimContext } from "../sim-context.ts";
import { json } from "./route-helpers.ts";

const EPOCH = "2020-01-01T00:00:00Z";

/** `GET /users/{username}`: every login is a user here (the executor looks up its bot's id). */
export function registerUserRoutes(router: Router, ctx: SimContext): void {
  router.on("GET", "/users/{username}", async (request) => {
    const login = decodeURIComponent(request.params.username ?? "");
    return json({
      ...toSimpleUser(ctx, login),
      name: null,
      company: null,
      blog: null,
      location: null,
      email: null,
      hireable: null,
      bio: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: EPOCH,
      updated_at: EPOCH,
    });
  });
}
