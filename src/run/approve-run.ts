import type { FanoutConfig } from "../config/config-schema.ts";
import { estimateRunCost } from "../cost/estimate-run.ts";
import { resolvePricing } from "../cost/pricing.ts";
import type { GitHub, Repo } from "../github/client.ts";
import { findBotComment, upsertComment } from "../github/comments.ts";
import { getRole, hasAtLeast } from "../github/permissions.ts";
import { readTaskSpec } from "../plan/task-spec.ts";
import { renderTrackingComment } from "../report/render-tracking-comment.ts";
import { readRunRecord } from "./run-record.ts";

type Approval = {
  github: GitHub;
  repo: Repo;
  config: FanoutConfig;
  issueNumber: number;
  commentId: number;
  approver: string;
};

/** `/approve` on a parent whose plan waits for approval: records who approved, in the run record. */
export async function approveRun({
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
  const subIssues = await listSubIssueNumbers(github, repo, issueNumber);
  const estimateUsd = estimateRunCost(
    approved.plan!.tasks,
    config.executor.model,
    resolvePricing(config.pricing),
  );
  const body = renderTrackingComment({ record: approved, config, subIssues, estimateUsd });
  await upsertComment(github, repo, issueNumber, tracking, body);
}

async function listSubIssueNumbers(
  github: GitHub,
  repo: Repo,
  parent: number,
): Promise<Map<string, number>> {
  const issues = await github.paginate(github.rest.issues.listSubIssues, {
    ...repo,
    issue_number: parent,
    per_page: 100,
  });
  return new Map(
    issues.flatMap((issue) => {
      const spec = readTaskSpec(issue.body);
      return spec ? [[spec.key, issue.number] as const] : [];
    }),
  );
}
