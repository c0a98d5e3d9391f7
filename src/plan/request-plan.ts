import type Anthropic from "@anthropic-ai/sdk";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { costOfRequest, type ModelPricing } from "../cost/pricing.ts";
import { addUsage, type Usage, usageFromApi, ZERO_USAGE } from "../cost/usage.ts";
import { describeModelError } from "../llm/anthropic-client.ts";
import type { PlannerRecord } from "../run/run-record.ts";
import { Plan } from "./plan-schema.ts";
import { buildPlannerMessages, PLANNER_SYSTEM_PROMPT } from "./planner-prompt.ts";
import type { RepositoryContext } from "./repository-context.ts";
import { type ValidatedPlan, validatePlan } from "./validate-plan.ts";

export type PlanRequest = {
  model: string;
  maxTasks: number;
  issue: { number: number; title: string; body: string };
  context: RepositoryContext;
  pricing: Readonly<Record<string, ModelPricing>>;
};

export type PlanOutcome =
  | { ok: true; plan: ValidatedPlan; planner: PlannerRecord }
  | { ok: false; errors: string[]; planner?: PlannerRecord | undefined };

const MAX_OUTPUT_TOKENS = 16_000;

/**
 * Asks the planner model for a plan through structured output and validates it; an invalid plan
 * goes back to the model once with the errors. Usage and cost are counted for every request.
 */
export async function requestPlan(
  anthropic: Anthropic,
  request: PlanRequest,
): Promise<PlanOutcome> {
  const format = zodOutputFormat(Plan);
  const messages: Anthropic.MessageParam[] = buildPlannerMessages(request);
  const spend = { usage: ZERO_USAGE as Usage, cost: 0 as number | undefined, requests: 0 };
  let errors: string[] = [];

  for (let attempt = 1; attempt <= 2; attempt++) {
    let response: Anthropic.Message;
    try {
      response = await anthropic.messages.create({
        model: request.model,
        max_tokens: MAX_OUTPUT_TOKENS,
        system: [
          { type: "text", text: PLANNER_SYSTEM_PROMPT, cache_control: { type: "ephemeral" } },
        ],
        messages,
        output_config: { format },
      });
    } catch (error) {
      return {
        ok: false,
        errors: [`the planner model could not be reached: ${describeModelError(error)}`],
        planner: record(request.model, spend),
      };
    }
    recordSpend(spend, request, usageFromApi(response.usage));

    const text = response.content
      .flatMap((block) => (block.type === "text" ? [block.text] : []))
      .join("");
    const parsed = parsePlan(text, response.stop_reason);
    const validated = parsed.ok
      ? validatePlan(parsed.plan, { maxTasks: request.maxTasks })
      : parsed;
    if (validated.ok)
      return { ok: true, plan: validated.plan, planner: record(request.model, spend)! };

    errors = validated.errors;
    messages.push(
      { role: "assistant", content: text || "(no plan)" },
      {
        role: "user",
        content: `That plan is not valid:\n${errors.map((e) => `- ${e}`).join("\n")}\n\nReturn the whole corrected plan.`,
      },
    );
  }
  return { ok: false, errors, planner: record(request.model, spend) };
}

type Parsed = { ok: true; plan: Plan } | { ok: false; errors: string[] };

// The format sent to the API is the SDK's rendering of the zod schema; the zod schema itself
// checks what the API cannot (patterns, lengths), with messages that name the field.
function parsePlan(text: string, stopReason: string | null): Parsed {
  if (stopReason === "max_tokens") {
    return { ok: false, errors: [`the plan was cut off at ${MAX_OUTPUT_TOKENS} output tokens`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, errors: ["the planner's answer is not JSON"] };
  }
  const parsed = Plan.safeParse(json);
  if (parsed.success) return { ok: true, plan: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "plan"}: ${issue.message}`);
  return {
    ok: false,
    errors: [`the plan does not match the expected format: ${issues.join("; ")}`],
  };
}

function recordSpend(
  spend: { usage: Usage; cost: number | undefined; requests: number },
  request: PlanRequest,
  usage: Usage,
) {
  const cost = costOfRequest(request.model, usage, request.pricing);
  spend.usage = addUsage(spend.usage, usage);
  spend.cost = spend.cost === undefined || cost === undefined ? undefined : spend.cost + cost;
  spend.requests += 1;
}

function record(
  model: string,
  spend: { usage: Usage; cost: number | undefined; requests: number },
): PlannerRecord | undefined {
  if (spend.requests === 0) return undefined;
  return { model, usage: spend.usage, costUsd: spend.cost, requests: spend.requests };
}
