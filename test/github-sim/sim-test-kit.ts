import { Octokit } from "@octokit/rest";
import { afterEach, expect } from "vitest";
import {
  type GitHubSimulator,
  type GitHubSimulatorOptions,
  startGitHubSimulator,
} from "../fakes/github/start-github-simulator.ts";

const running: GitHubSimulator[] = [];

// Octokit logs every 4xx; the tests assert on the statuses instead.
const SILENT = { debug() {}, info() {}, warn() {}, error() {} };

export const REPO = { owner: "octo-org", repo: "widgets" } as const;

/**
 * A simulator for one test plus a plain Octokit (no retry, no throttling) authenticated with an
 * installation token, as fanout's app would be. Every test ends by asserting the simulator saw
 * nothing GitHub would not have said or accepted, then closes it.
 */
export async function startSim(
  options: GitHubSimulatorOptions = {},
): Promise<{ sim: GitHubSimulator; octokit: Octokit }> {
  const sim = await startGitHubSimulator(options);
  running.push(sim);
  return { sim, octokit: octokitFor(sim) };
}

export function octokitFor(sim: GitHubSimulator, token = sim.issueToken()): Octokit {
  return new Octokit({ baseUrl: sim.url, auth: token, request: { retries: 0 }, log: SILENT });
}

/** Registered per test file: strictness first, then cleanup. */
export function closeSimsAfterEach(): void {
  afterEach(async () => {
    const sims = running.splice(0);
    try {
      for (const sim of sims) {
        expect(sim.violations, "requests/responses/webhooks unlike GitHub's").toEqual([]);
        expect(sim.unhandled, "requests the simulator does not handle").toEqual([]);
      }
    } finally {
      await Promise.all(sims.map((sim) => sim.close()));
    }
  });
}

/** The status of a failing Octokit call. */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    return (error as { status: number }).status;
  }
  throw new Error("expected the call to fail");
}
