import type { Repo } from "../github/client.ts";
import type { ExecutorOctokit } from "./connect-github.ts";

type PullRequestInput = {
  branch: string;
  base: string;
  title: string;
  body: string;
  label: string;
};

/** Opens the task's pull request, or updates the one an earlier attempt opened on the same branch. */
export async function openOrUpdatePullRequest(
  github: ExecutorOctokit,
  repo: Repo,
  input: PullRequestInput,
): Promise<number> {
  const { data: open } = await github.rest.pulls.list({
    ...repo,
    head: `${repo.owner}:${input.branch}`,
    state: "open",
    per_page: 1,
  });
  const existing = open[0];
  let number: number;
  if (existing) {
    await github.rest.pulls.update({
      ...repo,
      pull_number: existing.number,
      title: input.title,
      body: input.body,
    });
    number = existing.number;
  } else {
    const { data } = await github.rest.pulls.create({
      ...repo,
      head: input.branch,
      base: input.base,
      title: input.title,
      body: input.body,
    });
    number = data.number;
  }
  await github.rest.issues.addLabels({ ...repo, issue_number: number, labels: [input.label] });
  return number;
}
