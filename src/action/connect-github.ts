import * as core from "@actions/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { config } from "@probot/octokit-plugin-config";

const ExecutorOctokit = Octokit.plugin(retry, throttling, config);
export type ExecutorOctokit = InstanceType<typeof ExecutorOctokit>;

/** GitHub as the executor sees it: the runner's API URL, the App token, retries on 5xx and rate limits. */
export function connectGitHub(
  token: string,
  baseUrl: string,
  options: { retries?: boolean } = {},
): ExecutorOctokit {
  const retries = options.retries ?? true;
  return new ExecutorOctokit({
    auth: token,
    baseUrl,
    userAgent: "fanout-executor",
    // Requests are not worth a log line each; warnings and errors go to the Actions log.
    log: { debug: () => {}, info: () => {}, warn: core.warning, error: core.error },
    retry: { enabled: retries },
    throttle: {
      enabled: retries,
      onRateLimit: (_after: number, _options: object, _octokit: object, count: number) => count < 2,
      onSecondaryRateLimit: (_after: number, _options: object, _octokit: object, count: number) =>
        count < 2,
    },
  });
}
