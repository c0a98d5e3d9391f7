import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { runGit } from "./git/run-git.ts";
import type { GitHubSimulator } from "./simulator-types.ts";
import type { WorkflowDispatchEvent } from "./state/workflow-runs.ts";

export type RunnerJob = {
  runId: number;
  inputs: Record<string, string>;
  exitCode: number | null;
  /** Everything the step printed (workflow commands included), as a runner log would show. */
  log: string;
  outputs: Record<string, string>;
  summary: string;
  /** The environment the step ran with (`INPUT_*` included), e.g. to look for a leaked token. */
  env: NodeJS.ProcessEnv;
};

type RunnerOptions = {
  /** The bundled executor Action (`dist/executor/index.js` as `npm run build` makes it). */
  entry: string;
  /** Secrets the workflow reads with `${{ secrets.NAME }}`. */
  secrets: Record<string, string>;
  /** Extra environment of the runner machine (e.g. `ANTHROPIC_BASE_URL` of a fake). */
  env?: Record<string, string>;
};

/**
 * A GitHub Actions runner for the simulator: each dispatch of a workflow that uses fanout's
 * Action runs that step as a real child process in a fresh clone, with the environment a runner
 * gives (`GITHUB_*`, `INPUT_*`, `RUNNER_TEMP`, `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT`). The
 * step's `with:` comes from the workflow file in the repository, so the installed template is
 * what is tested.
 */
export function attachActionsRunner(sim: GitHubSimulator, options: RunnerOptions) {
  const jobs: RunnerJob[] = [];
  const unsubscribe = sim.onWorkflowDispatch(async (event) => {
    await sim.updateWorkflowRun(event.runId, { status: "in_progress" });
    const job = await runJob(sim, options, event);
    jobs.push(job);
    if (event.signal.aborted) return;
    await sim.updateWorkflowRun(event.runId, {
      status: "completed",
      conclusion: job.exitCode === 0 ? "success" : "failure",
    });
  });
  return { jobs, detach: unsubscribe };
}

async function runJob(
  sim: GitHubSimulator,
  options: RunnerOptions,
  event: WorkflowDispatchEvent,
): Promise<RunnerJob> {
  const temp = await mkdtemp(join(tmpdir(), "fanout-runner-"));
  const workspace = join(temp, "workspace");
  const inputs = Object.fromEntries(Object.entries(event.inputs).map(([k, v]) => [k, String(v)]));
  try {
    await runGit(temp, ["clone", "--quiet", "--branch", event.ref, sim.gitDir, workspace]);
    const workflow = await readFile(
      join(workspace, ".github/workflows", event.workflowFile),
      "utf8",
    );
    const context = {
      inputs,
      github: { ref_name: event.ref, repository: `${sim.owner}/${sim.repo}` },
      secrets: options.secrets,
      steps: { "app-token": { outputs: { token: event.token, "app-slug": "fanout" } } },
    } as const;
    const actionInputs = fanoutStepInputs(workflow, context);
    const files = {
      summary: join(temp, "summary.md"),
      output: join(temp, "output.txt"),
      event: join(temp, "event.json"),
    };
    await Promise.all([
      writeFile(files.summary, ""),
      writeFile(files.output, ""),
      writeFile(files.event, JSON.stringify({ inputs, ref: event.ref })),
    ]);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: temp,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: `${sim.owner}/${sim.repo}`,
      GITHUB_WORKSPACE: workspace,
      GITHUB_API_URL: sim.url,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: String(event.runId),
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_EVENT_NAME: "workflow_dispatch",
      GITHUB_EVENT_PATH: files.event,
      GITHUB_REF: `refs/heads/${event.ref}`,
      GITHUB_REF_NAME: event.ref,
      GITHUB_SHA: event.headSha,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      RUNNER_TEMP: temp,
      RUNNER_OS: "Linux",
      ...options.env,
      ...Object.fromEntries(
        Object.entries(actionInputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
      ),
    };
    const { exitCode, log } = await runStep(options.entry, workspace, env, event.signal);
    return {
      runId: event.runId,
      inputs,
      exitCode,
      log,
      outputs: parseOutputFile(await readFile(files.output, "utf8")),
      summary: await readFile(files.summary, "utf8"),
      env,
    };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

type ExpressionContext = Record<string, unknown>;

/** The `with:` of the step that uses fanout's Action, with `${{ a.b }}` expressions evaluated. */
function fanoutStepInputs(
  workflowYaml: string,
  context: ExpressionContext,
): Record<string, string> {
  const workflow = parse(workflowYaml) as {
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((candidate) => /(^|\/)fanout@/.test(candidate.uses ?? ""));
  if (!step) throw new Error("the workflow has no step that uses fanout's Action");
  return Object.fromEntries(
    Object.entries(step.with ?? {}).map(([name, value]) => [
      name,
      String(value).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_all, path: string) =>
        String(lookup(context, path) ?? ""),
      ),
    ]),
  );
}

function lookup(context: ExpressionContext, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (value, key) => (value as Record<string, unknown> | undefined)?.[key],
      context,
    );
}

function runStep(entry: string, cwd: string, env: NodeJS.ProcessEnv, signal: AbortSignal) {
  return new Promise<{ exitCode: number | null; log: string }>((resolve) => {
    const child = spawn(process.execPath, [entry], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => {
      log += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      log += chunk.toString("utf8");
    });
    const cancel = () => child.kill("SIGTERM");
    signal.addEventListener("abort", cancel, { once: true });
    child.on("close", (exitCode) => {
      signal.removeEventListener("abort", cancel);
      resolve({ exitCode, log });
    });
  });
}

/** `GITHUB_OUTPUT` as @actions/core writes it: `name<<DELIMITER\nvalue\nDELIMITER`. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}
