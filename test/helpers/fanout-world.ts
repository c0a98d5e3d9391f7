import Anthropic from "@anthropic-ai/sdk";
import { expect } from "vitest";
import { createFanoutApp } from "../../src/app.ts";
import { type FakeAnthropic, startFakeAnthropic } from "../fakes/anthropic/index.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../fakes/github/start-github-simulator.ts";
import { type AppHarness, startAppHarness } from "../fakes/webhooks/app-harness.ts";

export type FanoutWorld = {
  github: GitHubSimulator;
  anthropic: FakeAnthropic;
  app: AppHarness;
  /** Labels `issue` with the trigger label as `user` and lets the app handle everything that follows. */
  label(issueNumber: number, user?: string, label?: string): Promise<void>;
  /** Fails the test if anything talked to a fake in a way the real service would refuse. */
  assertClean(): void;
  close(): Promise<void>;
};

type WorldOptions = {
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
  return {
    github,
    anthropic,
    app,
    async label(issueNumber, user = "octocat", label = "agent:parallel") {
      await github.addLabels(issueNumber, [label], { user });
      await github.flushWebhooks();
    },
    assertClean() {
      expect(
        github.violations,
        "requests or responses that break GitHub's API description",
      ).toEqual([]);
      expect(github.unhandled, "requests to endpoints the simulator does not know").toEqual([]);
      expect(anthropic.unexpected, "model calls the test did not script").toEqual([]);
      const failed =
        github.deliverer?.deliveries.filter((delivery) => delivery.status >= 300) ?? [];
      const described = failed.map(
        (d) => `${d.event}.${d.action} → ${d.status}: ${d.responseBody.slice(0, 200)}`,
      );
      expect(described, "webhooks the app failed to handle").toEqual([]);
    },
    async close() {
      await app.close();
      await anthropic.close();
      await github.close();
    },
  };
}
