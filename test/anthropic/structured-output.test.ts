import Anthropic from "@anthropic-ai/sdk";
import { betaZodOutputFormat } from "@anthropic-ai/sdk/helpers/beta/zod";
import { zodOutputFormat } from "@anthropic-ai/sdk/helpers/zod";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic/index.ts";
import { createFakeClient } from "./fake-client.ts";

const Plan = z.object({
  rationale: z.string(),
  tasks: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      dependsOn: z.array(z.string()),
      complexity: z.enum(["small", "medium", "large"]),
    }),
  ),
});

const plan: z.infer<typeof Plan> = {
  rationale: "Parser first, then the command that uses it.",
  tasks: [
    { key: "add-parser", title: "Add the parser", dependsOn: [], complexity: "small" },
    { key: "add-cli", title: "Add the CLI", dependsOn: ["add-parser"], complexity: "medium" },
  ],
};

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = createFakeClient(fake);
});

afterEach(async () => {
  await fake.close();
});

function askForPlan(maxTokens = 2000) {
  return client.messages.parse({
    model: "claude-sonnet-5-5",
    max_tokens: maxTokens,
    messages: [{ role: "user", content: "Plan issue #12" }],
    output_config: { format: zodOutputFormat(Plan) },
  });
}

describe("structured output", () => {
  it("returns scripted json that messages.parse() turns into a typed object", async () => {
    fake.enqueue({ json: plan });

    const message = await askForPlan();

    expect(message.parsed_output).toEqual(plan);
    expect(message.parsed_output?.tasks[1]?.dependsOn).toEqual(["add-parser"]);
    expect(message.stop_reason).toBe("end_turn");
    expect(fake.requests[0]?.body).toMatchObject({
      model: "claude-sonnet-5-5",
      output_config: { format: { type: "json_schema", schema: { type: "object" } } },
    });
  });

  it("serves the beta parse helper, which names the structured-outputs beta", async () => {
    fake.enqueue({ json: plan });

    const message = await client.beta.messages.parse({
      model: "claude-sonnet-5-5",
      max_tokens: 2000,
      messages: [{ role: "user", content: "Plan issue #12" }],
      output_config: { format: betaZodOutputFormat(Plan) },
    });

    expect(message.parsed_output?.tasks.map((task) => task.key)).toEqual(["add-parser", "add-cli"]);
    expect(fake.requests[0]?.betas).toContain("structured-outputs-2025-12-15");
  });

  it("refuses a scripted json that the schema forbids, since the API never returns one", async () => {
    fake.enqueue({ json: { rationale: "missing tasks" } });

    await expect(askForPlan()).rejects.toThrow(
      /does not match the request's output_config.format schema/,
    );
    expect(fake.unexpected).toHaveLength(1);
    expect(fake.unexpected[0]?.reason).toMatch(/tasks/);
  });

  it("cuts the json at max_tokens, so the answer no longer parses", async () => {
    fake.enqueue({ json: plan });

    await expect(askForPlan(20)).rejects.toThrow(/Failed to parse structured output/);
    expect(fake.requests[0]?.response).toMatchObject({ stop_reason: "max_tokens" });
  });

  it("passes raw text through for a test of malformed output", async () => {
    fake.enqueue({ text: "{ not json" });

    await expect(askForPlan()).rejects.toBeInstanceOf(Anthropic.AnthropicError);
  });
});
