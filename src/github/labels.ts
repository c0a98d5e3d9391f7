import type { GitHub, Repo } from "./client.ts";
import { isNotFound } from "./client.ts";

export type LabelSpec = { name: string; color: string; description: string };

/** Creates each label the repository does not have yet; existing ones are left as the team set them. */
export async function ensureLabels(
  github: GitHub,
  repo: Repo,
  labels: readonly LabelSpec[],
): Promise<void> {
  for (const label of labels) {
    try {
      await github.rest.issues.getLabel({ ...repo, name: label.name });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await github.rest.issues.createLabel({ ...repo, ...label });
    }
  }
}

export async function removeLabel(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
  name: string,
): Promise<void> {
  try {
    await github.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name });
  } catch (error) {
    // Someone already removed it: the outcome we wanted.
    if (!isNotFound(error)) throw error;
  }
}
