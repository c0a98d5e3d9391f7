import type { FanoutConfig } from "../config/config-schema.ts";
import type { GitHub, Repo } from "../github/client.ts";
import { getRole, hasAtLeast } from "../github/permissions.ts";
import { readTaskSpec } from "../plan/task-spec.ts";
import { type AttemptRequest, renderAttemptRequestComment } from "../run/attempt-request.ts";
import { observeRun } from "../run/observe-run.ts";
import { reconcileRun } from "../run/reconcile-run.ts";
import { nextAttempt, type ObservedTask, type RunState, statusOf } from "../run/run-state.ts";
import { sanitizeUntrustedText } from "../sanitize/sanitize-untrusted-text.ts";
import type { Command } from "./parse-command.ts";

export type CommandContext = {
  github: GitHub;
  repo: Repo;
  config: FanoutConfig;
  baseRef: string;
  now: () => Date;
  /** The issue or pull request the command was written on. */
  on: {
    number: number;
    isPullRequest: boolean;
    body: string | null | undefined;
    authorType: string | undefined;
  };
  commentId: number;
  sender: string;
};

/** `/retry` and `/escalate`: record a request for each target task, then reconcile the run. */
export async function requestAttempt(context: CommandContext, command: Command): Promise<void> {
  const { github, repo, config, sender } = context;
  const reply = (body: string) =>
    github.rest.issues.createComment({
      ...repo,
      issue_number: context.on.number,
      body: `@${sender} ${body}`,
    });
  if (!hasAtLeast(await getRole(github, repo, sender), config.min_permission)) {
    await reply(
      `only people with **${config.min_permission}** access can use \`/${command.name}\`.`,
    );
    return;
  }
  const target = await findTarget(context);
  if (!target) {
    await reply(
      `\`/${command.name}\` works on a fanout task's sub-issue or pull request${command.name === "retry" ? ", or on the planned issue to retry every failed task" : ""}.`,
    );
    return;
  }
  const state = await observeRun(github, repo, target.parent);
  const plan = state?.record.plan;
  if (!state || !plan) {
    await reply("this run has no plan yet.");
    return;
  }
  const keys = target.key ? [target.key] : retryableKeys(state);
  if (keys.length === 0) {
    await reply("no task of this run has failed, so there is nothing to retry.");
    return;
  }
  for (const key of keys) {
    const task = state.tasks.get(key);
    const planned = plan.tasks.find((candidate) => candidate.key === key);
    if (!task || !planned) continue;
    const status = statusOf(task, planned.dependsOn, state.tasks);
    if (["dispatched", "running", "requested"].includes(status)) {
      await reply(`task \`${key}\` is already running or queued; wait for it to finish.`);
      continue;
    }
    if (status === "merged") {
      await reply(`task \`${key}\` is already merged.`);
      continue;
    }
    const request = buildRequest(command, task, config, sender);
    if (typeof request === "string") {
      await reply(request);
      continue;
    }
    await github.rest.issues.createComment({
      ...repo,
      issue_number: task.issue.number,
      body: renderAttemptRequestComment(request),
    });
  }
  await github.rest.reactions.createForIssueComment({
    ...repo,
    comment_id: context.commentId,
    content: "+1",
  });
  await reconcileRun({
    github,
    repo,
    config,
    parent: target.parent,
    baseRef: context.baseRef,
    now: context.now,
  });
}

type Target = { parent: number; key?: string | undefined };

async function findTarget({ github, repo, on }: CommandContext): Promise<Target | undefined> {
  if (on.isPullRequest) {
    const { data: pull } = await github.rest.pulls.get({ ...repo, pull_number: on.number });
    const match = /^fanout\/(\d+)-([a-z0-9-]+)$/.exec(pull.head.ref);
    return match ? { parent: Number(match[1]), key: match[2] } : undefined;
  }
  const spec = on.authorType === "Bot" ? readTaskSpec(on.body) : undefined;
  if (spec) return { parent: spec.parent, key: spec.key };
  return { parent: on.number };
}

function retryableKeys(state: RunState): string[] {
  return (state.record.plan?.tasks ?? [])
    .filter((task) =>
      ["failed", "setup-failed", "cancelled", "needs-escalation"].includes(
        statusOf(state.tasks.get(task.key), task.dependsOn, state.tasks),
      ),
    )
    .map((task) => task.key);
}

function buildRequest(
  command: Command,
  task: ObservedTask,
  config: FanoutConfig,
  by: string,
): AttemptRequest | string {
  const last = task.attempts.at(-1);
  const current = last?.model ?? config.executor.model;
  const previousFailure = last?.usage?.detail ?? last?.error;
  const attempt = nextAttempt(task);
  if (command.name === "retry")
    return { kind: "retry", attempt, model: current, by, previousFailure };

  const [first, ...rest] = command.args;
  const named = first && isModelId(first, config) ? first : undefined;
  const model = named ?? nextTier(current, config.executor.escalation);
  if (!model) {
    return `task \`${task.key}\` already runs on the strongest tier (\`${current}\`); name a model, e.g. \`/escalate <model> <guidance>\`.`;
  }
  const words = named ? rest : command.args;
  const guidance = words.length
    ? sanitizeUntrustedText(words.join(" ")).slice(0, 4_000)
    : undefined;
  return { kind: "escalate", attempt, model, by, guidance, previousFailure };
}

function isModelId(word: string, config: FanoutConfig): boolean {
  return (
    config.executor.escalation.includes(word) ||
    word in config.pricing ||
    /^claude-[a-z0-9.-]+$/.test(word)
  );
}

function nextTier(current: string, tiers: readonly string[]): string | undefined {
  const index = tiers.indexOf(current);
  return index === -1 ? tiers.find((tier) => tier !== current) : tiers[index + 1];
}
