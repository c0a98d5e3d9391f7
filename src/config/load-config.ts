import type { Context } from "probot";
import { describeIssues, type Problem } from "../validation/describe-issues.ts";
import { FanoutConfig } from "./config-schema.ts";

export const CONFIG_FILE = "fanout.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export type ConfigResult =
  | { ok: true; config: FanoutConfig }
  | { ok: false; problems: Problem[]; triggerLabel: string };

type ConfigReader = Pick<Context, "config">;

/**
 * Reads `.github/fanout.yml` through Probot (so `_extends` and the organization's `.github`
 * repository apply) and validates it. A broken file is a result, not an exception: the caller
 * explains it to the user and stops, and nothing is silently repaired.
 */
export async function loadConfig(context: ConfigReader): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = (await context.config(CONFIG_FILE)) ?? {};
  } catch (error) {
    const problem = describeUnreadableFile(error);
    if (!problem) throw error;
    return { ok: false, problems: [problem], triggerLabel: readTriggerLabel(undefined) };
  }
  const parsed = FanoutConfig.safeParse(raw, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: describeIssues(parsed.error.issues, FanoutConfig),
    triggerLabel: readTriggerLabel(raw),
  };
}

/** Even a broken file usually says which label it wants; we honour it so we do not react to others. */
function readTriggerLabel(raw: unknown): string {
  const label = (raw as { trigger_label?: unknown } | undefined)?.trigger_label;
  return typeof label === "string" && label.length > 0
    ? label
    : FanoutConfig.parse({}).trigger_label;
}

const PLUGIN_PREFIX = "[@probot/octokit-plugin-config] ";

function describeUnreadableFile(error: unknown): Problem | undefined {
  if (!(error instanceof Error) || !error.message.startsWith(PLUGIN_PREFIX)) return undefined;
  const message = error.message.slice(PLUGIN_PREFIX.length).replace(/ from \S+/, "");
  const cause = error.cause instanceof Error ? `: ${error.cause.message.split("\n")[0]}` : "";
  return { setting: "(whole file)", problem: `${message}${cause}` };
}
