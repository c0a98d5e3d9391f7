import type { Octokit } from "@octokit/rest";

/** The part of Octokit fanout uses; both Probot's and the Action's clients satisfy it. */
export type GitHub = Pick<Octokit, "rest" | "paginate" | "request">;

export type Repo = { owner: string; repo: string };

export function isNotFound(error: unknown): boolean {
  return (error as { status?: number } | undefined)?.status === 404;
}
