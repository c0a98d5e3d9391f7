import * as core from "@actions/core";
import type Anthropic from "@anthropic-ai/sdk";
import type { ApplicationFunction } from "probot";
import { createFanoutApp } from "../app.ts";
import { createAnthropic } from "../llm/anthropic-client.ts";

/** The planner's client in the orchestrator action: its key is the `anthropic-api-key` input. */
export function orchestratorAnthropic(): () => Anthropic {
  const apiKey = core.getInput("anthropic-api-key") || undefined;
  // Masked at once, before any handler could log it.
  if (apiKey) core.setSecret(apiKey);
  return () => createAnthropic({ apiKey });
}

export function createOrchestratorApp(): ApplicationFunction {
  return createFanoutApp({ anthropic: orchestratorAnthropic() });
}
