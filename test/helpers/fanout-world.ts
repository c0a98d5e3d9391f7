import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { createFanoutApp } from "../../src/app.ts";
import { EXECUTOR_WORKFLOW_TEMPLATE } from "../../src/run/executor-workflow-template.ts";
import {
  type FakeAnthropic,
  fakeAnthropicEnv,
  startFakeAnthropic,
} from "../fakes/anthropic/index.ts";
import { attachActionsRunner, type RunnerJob } from "../fakes/github/actions-runner.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../fakes/github/start-github-simulator.ts";
import { type AppHarness, startAppHarness } from "../fakes/webhooks/app-harness.ts";
import { bundledActionsDir } from "./bundled-actions.ts";

export type FanoutWorld = {
  github: GitHubSimulator;
  anthropic: FakeAnthropic;
  app: AppHarness;
  /** Executor jobs the runner ran (with `executor: true`). */
  jobs: RunnerJob[];
  /** Delivers webhooks and waits for dispatched executors until everything has settled. */
  settle(): Promise<void>;
  /** Labels `issue` with the trigger label as `user` and lets the app handle everything that follows. */
  label(issueNumber: number, user?: string, label?: string): Promise<void>;
  /** Fails the test if anything talked to a fake in a way the real service would refuse. */
  assertClean(): void;
  close(): Promise<void>;
};

type WorldOptions = {
  /** Install the executor workflow and run dispatched attempts as child processes. */
  executor?: boolean;
  files?: Record<string, string>;
  config?: string;
  collaborators?: Record<string, "admin" | "maintain" | "write" | "triage" | "read">;
};

export const REPOSITORY_FILES: Record<string, string> = {
  "README.md": "# widgets\n\nA small CLI that prints widgets.\n",
  "package.json": '{ "name": "widgets", "scripts": { "test": "node --test" } }\n',
  "src/cli.ts": "export function main(args: string[]) {\n  return args.length;\n}\n",
  "src/format.ts": "export const format = (n: number) => String(n) + ' widgets';\n",
  "test/cli.test.ts": "import { main } from '../src/cli.ts';\n",
};

/**
 * fanout as it runs for real, minus the internet: the app behind Probot's webhook middleware,
 * a GitHub simulator with a real git repository that signs and delivers webhooks to it, and a
 * scripted Anthropic API. Every request is checked against GitHub's and Anthropic's contracts.
 */
export async function startFanoutWorld(options: WorldOptions = {}): Promise<FanoutWorld> {
  const files = { ...REPOSITORY_FILES, ...options.files };
  if (options.config !== undefined) files[".github/fanout.yml"] = options.config;
  const github = await startGitHubSimulator({
    files,
    collaborators: { octocat: "admin", ...options.collaborators },
  });
  const anthropic = await startFakeAnthropic();
  const fanout = createFanoutApp({
    anthropic: () =>
      new Anthropic({ baseURL: anthropic.url, apiKey: "test-key-not-secret", maxRetries: 1 }),
  });
  const app = await startAppHarness({ app: fanout, githubUrl: github.url });
  github.connectApp({ url: app.url, secret: app.secret, settled: app.settled });
  const runner = options.executor ? await attachExecutor(github, anthropic) : undefined;
  // Webhooks are delivered while executors still run, as on GitHub, so the app can react to
  // one executor's report (e.g. by cancelling another) before the others finish.
  const settle = async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await github.flushWebhooks();
      let handlersDone = false;
      await Promise.race([
        github.waitForWorkflowHandlers().then(() => {
          handlersDone = true;
        }),
        new Promise((resolve) => setTimeout(resolve, 100)),
      ]);
      if (handlersDone) {
        // Quiet only if this flush sent nothing: a delivery may have started another executor.
        const before = github.deliverer?.deliveries.length ?? 0;
        await github.flushWebhooks();
        if ((github.deliverer?.deliveries.length ?? 0) === before) return;
      }
    }
    throw new Error("the run did not settle within 60 s of webhooks and workflow runs");
  };
  return {
    github,
    anthropic,
    app,
    jobs: runner?.jobs ?? [],
    settle,
    async label(issueNumber, user = "octocat", label = "agent:parallel") {
      await github.addLabels(issueNumber, [label], { user });
      await settle();
    },
    assertClean() {
      assertNone(github.violations, "requests or responses that break GitHub's API description");
      assertNone(github.unhandled, "requests to endpoints the simulator does not know");
      assertNone(anthropic.unexpected, "model calls the script did not provide for");
      const failed =
        github.deliverer?.deliveries.filter((delivery) => delivery.status >= 300) ?? [];
      const described = failed.map(
        (d) => `${d.event}.${d.action} → ${d.status}: ${d.responseBody.slice(0, 200)}`,
      );
      assertNone(described, "webhooks the app failed to handle");
    },
    async close() {
      runner?.detach();
      await app.close();
      await anthropic.close();
      await github.close();
    },
  };
}

async function attachExecutor(github: GitHubSimulator, anthropic: FakeAnthropic) {
  await github.commitFiles(
    github.defaultBranch,
    { ".github/workflows/fanout-executor.yml": EXECUTOR_WORKFLOW_TEMPLATE },
    "Add the fanout executor",
  );
  const env = fakeAnthropicEnv(anthropic);
  return attachActionsRunner(github, {
    entry: join(await bundledActionsDir(), "executor/index.js"),
    secrets: { ANTHROPIC_API_KEY: env.ANTHROPIC_API_KEY },
    env: { ANTHROPIC_BASE_URL: env.ANTHROPIC_BASE_URL },
  });
}

/** Plain throws rather than vitest's expect, so the demo can use the same world. */
function assertNone(found: readonly unknown[], what: string): void {
  if (found.length > 0)
    throw new Error(`${what}:\n${JSON.stringify(found, null, 2).slice(0, 4000)}`);
}

/** For `afterEach`: fail on anything a fake would not have accepted, and always shut down. */
export async function checkAndClose(world: FanoutWorld | undefined): Promise<void> {
  if (!world) return;
  try {
    world.assertClean();
  } finally {
    await world.close();
  }
}
