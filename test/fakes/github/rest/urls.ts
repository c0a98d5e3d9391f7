import type { SimContext } from "../sim-context.ts";

/** API URL of the repository (`url` fields point at the simulator, so clients can follow them). */
export function repoApiUrl(ctx: SimContext): string {
  return `${ctx.baseUrl}/repos/${ctx.repo.owner}/${ctx.repo.name}`;
}

/** Web URL of the repository; fanout shows these to people, so they keep GitHub's shape. */
export function repoHtmlUrl(ctx: SimContext): string {
  return `https://github.com/${ctx.repo.owner}/${ctx.repo.name}`;
}

export function fullName(ctx: SimContext): string {
  return `${ctx.repo.owner}/${ctx.repo.name}`;
}
