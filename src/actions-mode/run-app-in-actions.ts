import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { type ApplicationFunction, Probot, ProbotOctokit } from "probot";
import { z } from "zod";
import { formatInputError } from "../action/format-input-error.ts";

const ActionsEnvironment = z.object({
  GITHUB_EVENT_NAME: z.string().min(1),
  GITHUB_EVENT_PATH: z.string().min(1),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_RUN_ID: z.string().min(1).default("local"),
  GITHUB_RUN_ATTEMPT: z.string().min(1).default("1"),
});

type RunOptions = {
  env?: NodeJS.ProcessEnv;
  /** Tests pass an Octokit with retries off; a runner uses Probot's own. */
  Octokit?: typeof ProbotOctokit;
};

/**
 * Runs the Probot app once for the event that started this workflow run. Unlike the published
 * adapter (pinned to Probot 13, and which only logs), a handler that throws fails the step, so a
 * broken orchestration shows up red in the Actions tab instead of passing quietly.
 */
export async function runAppInActions(app: ApplicationFunction, options: RunOptions = {}) {
  const env = options.env ?? process.env;
  const parsed = ActionsEnvironment.safeParse(env);
  const token = core.getInput("github-token") || env.GITHUB_TOKEN || "";
  if (!parsed.success || token === "") {
    core.setFailed(
      parsed.success
        ? "fanout needs a GitHub token: pass `github-token` (an App installation token) to the action."
        : formatInputError("This step does not look like a GitHub Actions run", parsed.error),
    );
    return;
  }
  core.setSecret(token);
  const { GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_RUN_ID } = parsed.data;
  const payload = JSON.parse(await readFile(GITHUB_EVENT_PATH, "utf8"));
  const probot = new Probot({
    githubToken: token,
    baseUrl: GITHUB_API_URL,
    Octokit: options.Octokit ?? ProbotOctokit,
    logLevel: env.RUNNER_DEBUG === "1" ? "debug" : readLogLevel(env.LOG_LEVEL),
  });
  await probot.load(app);
  try {
    await probot.receive({
      id: `${GITHUB_RUN_ID}-${parsed.data.GITHUB_RUN_ATTEMPT}`,
      name: GITHUB_EVENT_NAME as never,
      payload,
    });
  } catch (error) {
    core.setFailed(
      `fanout failed while handling \`${GITHUB_EVENT_NAME}\`: ${describeError(error)}`,
    );
  }
}

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

function readLogLevel(value: string | undefined): (typeof LOG_LEVELS)[number] {
  return LOG_LEVELS.find((level) => level === value) ?? "info";
}

function describeError(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describeError).join("; ");
  return error instanceof Error ? error.message : String(error);
}
