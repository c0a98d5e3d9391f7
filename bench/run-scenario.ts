import { readFile } from "node:fs/promises";
import { startFakeAnthropic } from "../test/fakes/anthropic/index.ts";
import {
  type GitHubSimulator,
  startGitHubSimulator,
} from "../test/fakes/github/start-github-simulator.ts";
import type { Delivery } from "../test/fakes/webhooks/webhook-deliverer.ts";
import { BENCH_ISSUE, generatePlan, taskKey } from "./generate-plan.ts";
import {
  appRequestsInLog,
  compareRequests,
  countRoutes,
  isTokenExchange,
  isWrite,
  type SeenRequest,
} from "./request-accounting.ts";
import { describeScenario, type Scenario, type ScenarioResult } from "./scenario.ts";
import { attachScriptedExecutors, createOutsiderOctokit } from "./scripted-executor.ts";
import { startAppProcess } from "./start-app-process.ts";

const REPOSITORY_FILES: Record<string, string> = {
  "README.md": "# widgets\n\nA small CLI that prints widgets.\n",
  "package.json": '{ "name": "widgets", "scripts": { "test": "node --test" } }\n',
  "src/cli.ts": "export function main(args: string[]) {\n  return args.length;\n}\n",
  "test/cli.test.ts": "import { main } from '../src/cli.ts';\n",
};
const MERGER = "octocat";
const SETTLE_ROUNDS = 50;

/**
 * One run, from the trigger label to the last task merged: a fresh simulator and fake Anthropic
 * API here, fanout's app (or the baseline) in a child process, scripted executors, and a person
 * merging the task pull requests in plan order. Throws, saying why, when the run does not end
 * with every task merged or anything broke GitHub's or Anthropic's contract.
 */
export async function runScenario(
  scenario: Scenario,
  hooks: { onStarted?: (gitDir: string) => void } = {},
): Promise<ScenarioResult> {
  const plan = generatePlan(scenario.tasks);
  const template = await readFile(
    new URL("../templates/fanout-executor.yml", import.meta.url),
    "utf8",
  );
  const sim = await startGitHubSimulator({
    files: {
      ...REPOSITORY_FILES,
      ".github/fanout.yml": `planner:\n  max_tasks: ${scenario.tasks}\nexecutor:\n  max_parallel: ${scenario.maxParallel}\n`,
      ".github/workflows/fanout-executor.yml": template,
    },
    collaborators: { [MERGER]: "admin" },
  });
  hooks.onStarted?.(sim.gitDir);
  const anthropic = await startFakeAnthropic();
  let app: Awaited<ReturnType<typeof startAppProcess>> | undefined;
  const outsiders: SeenRequest[] = [];
  const executorFailures: string[] = [];
  const detach = attachScriptedExecutors(sim, outsiders, executorFailures);
  try {
    app = await startAppProcess({
      mode: scenario.mode,
      githubUrl: sim.url,
      anthropicUrl: anthropic.url,
    });
    sim.connectApp({ url: app.url, secret: app.secret, settled: app.settled });
    const settle = () => settleAll(sim);

    const parent = await sim.createIssue({ ...BENCH_ISSUE, user: MERGER });
    await settle();
    anthropic.enqueue({ json: plan });
    const logFrom = sim.requests.length;
    const deliveriesFrom = sim.deliverer?.deliveries.length ?? 0;
    await app.reset();
    const started = performance.now();

    await sim.addLabels(parent.number, ["agent:parallel"], { user: MERGER });
    await settle();
    const person = createOutsiderOctokit(sim, sim.issueToken({ login: MERGER }), outsiders);
    const branches = plan.tasks.map((task) => `fanout/${parent.number}-${task.key}`);
    for (let step = 0; ; step++) {
      if (executorFailures.length > 0) break;
      const pulls = (await sim.pulls()).filter((pull) => branches.includes(pull.head.ref));
      const merged = pulls.filter((pull) => pull.merged_at).length;
      if (merged === plan.tasks.length) break;
      // One merge per step, as a person would, each followed by everything it sets off. Plan
      // order is a dependency order, and a task only gets a pull request once its dependencies
      // are merged, so the first open one in plan order is always mergeable.
      const next = branches
        .map((branch) => pulls.find((pull) => pull.head.ref === branch && pull.state === "open"))
        .find((pull) => pull !== undefined);
      if (!next || step > plan.tasks.length) {
        const problems = collectProblems(sim, anthropic, executorFailures, deliveriesFrom);
        const said = sim.comments(parent.number).at(-1)?.body?.split("\n")[0] ?? "nothing";
        throw new Error(
          `${describeScenario(scenario)}: stuck with ${merged} of ${plan.tasks.length} tasks merged and no open pull request to merge; the issue's last comment says: ${said}${problems.map((problem) => `\n- ${problem}`).join("")}`,
        );
      }
      await person.rest.pulls.merge({
        owner: sim.owner,
        repo: sim.repo,
        pull_number: next.number,
        sha: next.head.sha,
        merge_method: "squash",
      });
      await settle();
    }
    const wallMs = performance.now() - started;
    const report = await app.report();

    const problems = collectProblems(sim, anthropic, executorFailures, deliveriesFrom);
    const log = sim.requests.slice(logFrom);
    const appRequests = appRequestsInLog(log, outsiders);
    const counted = report.requests.filter((request) => !isTokenExchange(request));
    const mismatch = compareRequests(appRequests, counted);
    if (mismatch.length > 0)
      problems.push(
        `the app's own request count disagrees with the simulator's log:\n  ${mismatch.join("\n  ")}`,
      );
    await checkAllMerged(sim, parent.number, plan.tasks.length, problems);
    if (problems.length > 0)
      throw new Error(`${describeScenario(scenario)} failed:\n- ${problems.join("\n- ")}`);

    const tracking = sim.comments(parent.number).find((comment) => comment.user?.type === "Bot");
    const trackingPath = `/repos/${sim.owner}/${sim.repo}/issues/comments/${tracking?.id}`;
    const writes = appRequests.filter(isWrite).length;
    return {
      scenario,
      webhooks: (sim.deliverer?.deliveries.length ?? 0) - deliveriesFrom,
      appReads: appRequests.length - writes,
      appWrites: writes,
      commentEdits: appRequests.filter(
        (request) => request.method === "PATCH" && request.path === trackingPath,
      ).length,
      cpuMs: (report.cpu.user + report.cpu.system) / 1000,
      wallMs,
      routes: countRoutes(appRequests),
      events: countEvents(sim.deliverer?.deliveries.slice(deliveriesFrom) ?? []),
      outsiderRequests: outsiders.length,
      trackingComment: tracking?.body ?? "",
    };
  } finally {
    detach();
    await app?.stop();
    await anthropic.close();
    await sim.close();
  }
}

function countEvents(deliveries: readonly Delivery[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { event, action } of deliveries) {
    const name = action ? `${event}.${action}` : event;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Delivers webhooks and waits for executors until nothing is left, like the test world. */
async function settleAll(sim: GitHubSimulator): Promise<void> {
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    await sim.flushWebhooks();
    await sim.waitForWorkflowHandlers();
    if ((sim.deliverer?.pending() ?? 0) === 0) return;
  }
  throw new Error(`webhooks and executors did not settle after ${SETTLE_ROUNDS} rounds`);
}

function collectProblems(
  sim: GitHubSimulator,
  anthropic: Awaited<ReturnType<typeof startFakeAnthropic>>,
  executorFailures: string[],
  deliveriesFrom: number,
): string[] {
  const problems: string[] = [...executorFailures];
  const show = (what: string, found: readonly unknown[]) => {
    if (found.length > 0)
      problems.push(`${what} (${found.length}):\n${JSON.stringify(found, null, 2).slice(0, 4000)}`);
  };
  show("requests or responses that break GitHub's API description", sim.violations);
  show("requests to endpoints the simulator does not know", sim.unhandled);
  show("model calls the script did not provide for", anthropic.unexpected);
  const failed = (sim.deliverer?.deliveries ?? [])
    .slice(deliveriesFrom)
    .filter((delivery) => delivery.status >= 300)
    .map((d) => `${d.event}.${d.action} → ${d.status}: ${d.responseBody.slice(0, 200)}`);
  show("webhooks the app failed to handle", failed);
  return problems;
}

async function checkAllMerged(
  sim: GitHubSimulator,
  parent: number,
  tasks: number,
  problems: string[],
): Promise<void> {
  const pulls = await sim.pulls();
  for (let index = 0; index < tasks; index++) {
    const branch = `fanout/${parent}-${taskKey(index)}`;
    const pull = pulls.find((candidate) => candidate.head.ref === branch);
    if (!pull?.merged_at) problems.push(`task ${taskKey(index)} was not merged`);
  }
  const subIssues = sim.subIssues(parent);
  const open = subIssues.filter((number) => sim.issue(number)?.state !== "closed");
  if (subIssues.length !== tasks || open.length > 0)
    problems.push(
      `expected ${tasks} closed sub-issues, found ${subIssues.length} with ${open.length} open`,
    );
}
