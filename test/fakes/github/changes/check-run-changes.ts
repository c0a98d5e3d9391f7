import { sendWebhook } from "../events/payloads.ts";
import { toRestCheckRun } from "../rest/checks.ts";
import type { SimContext } from "../sim-context.ts";
import type {
  CheckAnnotation,
  CheckConclusion,
  CheckRunRecord,
  CheckStatus,
} from "../state/check-runs.ts";
import { timestamp } from "../state/ids.ts";

export interface CheckRunInput {
  name?: string;
  status?: CheckStatus;
  conclusion?: CheckConclusion;
  started_at?: string;
  completed_at?: string;
  details_url?: string;
  external_id?: string;
  output?: {
    title?: string;
    summary?: string;
    text?: string;
    annotations?: CheckAnnotation[];
  };
}

export function createCheckRun(
  ctx: SimContext,
  headSha: string,
  name: string,
  input: CheckRunInput,
  actor: string,
): CheckRunRecord {
  const now = timestamp();
  // Giving a conclusion completes the run, whatever `status` says (documented).
  const status = input.conclusion ? "completed" : (input.status ?? "queued");
  const run = ctx.checkRuns.create({
    name,
    headSha,
    status,
    conclusion: input.conclusion ?? null,
    startedAt: input.started_at ?? now,
    completedAt: status === "completed" ? (input.completed_at ?? now) : null,
    detailsUrl: input.details_url ?? null,
    externalId: input.external_id ?? null,
    output: {
      title: input.output?.title ?? null,
      summary: input.output?.summary ?? null,
      text: input.output?.text ?? null,
    },
    annotations: input.output?.annotations ?? [],
  });
  sendWebhook(ctx, "check_run", "created", { check_run: toRestCheckRun(ctx, run) }, actor);
  if (run.status === "completed") {
    sendWebhook(ctx, "check_run", "completed", { check_run: toRestCheckRun(ctx, run) }, actor);
  }
  return run;
}

export function updateCheckRun(
  ctx: SimContext,
  run: CheckRunRecord,
  input: CheckRunInput,
  actor: string,
): void {
  const wasCompleted = run.status === "completed";
  if (input.name !== undefined) run.name = input.name;
  if (input.details_url !== undefined) run.detailsUrl = input.details_url;
  if (input.external_id !== undefined) run.externalId = input.external_id;
  if (input.started_at !== undefined) run.startedAt = input.started_at;
  if (input.status !== undefined) run.status = input.status;
  if (input.conclusion !== undefined) {
    run.conclusion = input.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed" && !wasCompleted) {
    run.completedAt = input.completed_at ?? timestamp();
  }
  if (input.output) {
    run.output = {
      title: input.output.title ?? run.output.title,
      summary: input.output.summary ?? run.output.summary,
      text: input.output.text ?? run.output.text,
    };
    // Annotations accumulate over updates, as GitHub's batching of 50 per request relies on.
    run.annotations.push(...(input.output.annotations ?? []));
  }
  if (run.status === "completed" && !wasCompleted) {
    sendWebhook(ctx, "check_run", "completed", { check_run: toRestCheckRun(ctx, run) }, actor);
  }
}
