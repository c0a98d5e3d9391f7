import type { FanoutConfig } from "../config/config-schema.ts";
import type { GitHub, Repo } from "../github/client.ts";
import { findBotComment, upsertComment } from "../github/comments.ts";
import { getRole, hasAtLeast } from "../github/permissions.ts";
import { reconcileRun } from "./reconcile-run.ts";
import { readRunRecord, renderRunMarker } from "./run-record.ts";

type Approval = {
  baseRef: string;
  now: () => Date;
  github: GitHub;
  repo: Repo;
  config: FanoutConfig;
  issueNumber: number;
  commentId: number;
  approver: string;
};

/** `/approve` on a parent whose plan waits for approval: records who approved, in the run record. */
export async function approveRun({
  baseRef,
  now,
  github,
  repo,
  config,
  issueNumber,
  commentId,
  approver,
}: Approval): Promise<void> {
  const reply = (body: string) =>
    github.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  const role = await getRole(github, repo, approver);
  if (!hasAtLeast(role, config.min_permission)) {
    await reply(
      `@${approver} only people with **${config.min_permission}** access can approve a fanout plan.`,
    );
    return;
  }
  const tracking = await findBotComment(github, repo, issueNumber, "<!-- fanout:run:");
  const record = readRunRecord(tracking?.body);
  if (!tracking || !record?.plan || record.phase !== "planned") {
    await reply(`@${approver} there is no fanout plan on this issue to approve.`);
    return;
  }
  await github.rest.reactions.createForIssueComment({
    ...repo,
    comment_id: commentId,
    content: "+1",
  });
  if (record.approvedBy || !config.planner.require_approval) return;

  const approved = { ...record, approvedBy: approver };
  // Only the record changes here; reconciling renders the comment and starts the ready tasks.
  const body = (tracking.body ?? "").replace(
    /<!-- fanout:run:v1 .*? -->/s,
    renderRunMarker(approved),
  );
  await upsertComment(github, repo, issueNumber, tracking, body);
  await reconcileRun({ github, repo, config, parent: issueNumber, baseRef, now });
}
