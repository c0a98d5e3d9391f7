import type { GitHub, Repo } from "./client.ts";

export type IssueComment = {
  id: number;
  html_url: string;
  body?: string | undefined;
  user: { login: string; type: string } | null;
};

/** The comments on an issue written by bots: the only ones fanout trusts its records from. */
export async function listBotComments(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
): Promise<IssueComment[]> {
  const comments = await github.paginate(github.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  return comments.filter((comment) => comment.user?.type === "Bot");
}

/** The first bot comment that carries `marker`. */
export async function findBotComment(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
  marker: string,
): Promise<IssueComment | undefined> {
  const comments = await listBotComments(github, repo, issueNumber);
  return comments.find((comment) => comment.body?.includes(marker));
}

export async function upsertComment(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
  existing: { id: number; body?: string | undefined } | undefined,
  body: string,
): Promise<{ id: number; body: string }> {
  if (existing?.body === body) return { id: existing.id, body };
  if (existing) {
    await github.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
    return { id: existing.id, body };
  }
  const { data } = await github.rest.issues.createComment({
    ...repo,
    issue_number: issueNumber,
    body,
  });
  return { id: data.id, body };
}
