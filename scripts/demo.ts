import { readFile, writeFile } from "node:fs/promises";
import { Octokit } from "@octokit/rest";
import { readUsageRecord } from "../src/run/usage-record.ts";
import type { RequestLogEntry } from "../test/fakes/github/http/sim-server.ts";
import { startFanoutWorld } from "../test/helpers/fanout-world.ts";
import { scriptExecutors, writeAndFinish } from "../test/helpers/script-executors.ts";
import { ISSUE, THREE_TASK_PLAN } from "../test/planning/planning-fixtures.ts";

/**
 * A simulation of one fanout run, end to end, on this machine: the real app and the real
 * executor Action against a GitHub simulator (real git underneath) and a scripted Anthropic API.
 * No account, no network. It prints what happened, in order, and the comment a person would see.
 */
type World = Awaited<ReturnType<typeof startFanoutWorld>>;

async function main(): Promise<void> {
  console.log(
    "fanout demo: a simulation. GitHub and the Anthropic API are simulated on this machine; the app and the executor are the real ones.\n",
  );
  const world = await startFanoutWorld({
    executor: true,
    config: "executor:\n  commands:\n    test: node --test\n",
    files: {
      "README.md": "# widgets\n\nA small CLI that prints widgets.\n",
      "src/cli.mjs": "export const main = (args) => args.length;\n",
      "test/cli.test.mjs":
        "import { test } from 'node:test';\ntest('cli loads', async () => { await import('../src/cli.mjs'); });\n",
    },
  });
  const started = Date.now();
  try {
    const tracking = await happyRun(world, started);
    if (process.argv.includes("--write-readme")) await writeReadmeExample(tracking);
    await troubledRun(world, started);
    world.assertClean();
    const webhooks = world.github.deliverer?.deliveries.length ?? 0;
    console.log(
      `\nIn all: ${world.github.requests.length} GitHub API requests, ${webhooks} webhooks, ${world.anthropic.requests.length} model calls, ${world.jobs.length} executor runs, ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await world.close();
  }
}

/** Run 1: plan, run two tasks in parallel, merge in order, and the waiting task follows. */
async function happyRun(world: World, started: number): Promise<string> {
  console.log("Run 1: an issue planned into three tasks, carried out and merged.\n");
  const parent = await world.github.createIssue({ ...ISSUE, user: "octocat" });
  world.anthropic.enqueue({ json: THREE_TASK_PLAN });
  scriptExecutors(world.anthropic, {
    parser: writeAndFinish(
      "src/parse.mjs",
      "export const parseCount = (text) => Number.parseInt(text, 10);\n",
    ),
    docs: writeAndFinish("docs/count.md", "Run `widgets --count 3` to print three widgets.\n"),
    "cli-flag": writeAndFinish("src/flag.mjs", "export const COUNT_FLAG = '--count';\n"),
  });
  const since = Date.now();
  step(started, `octocat opens #${parent.number} "${ISSUE.title}" and labels it agent:parallel`);
  await world.label(parent.number);
  for (const key of ["parser", "docs", "cli-flag"]) {
    const pull = (await world.github.pulls()).find((candidate) =>
      candidate.head.ref.endsWith(`-${key}`),
    )!;
    step(started, `octocat merges #${pull.number} (${key})`);
    await merge(world, pull.number, pull.head.sha);
  }

  console.log(
    "\nTimeline (webhooks GitHub sent, and the changes fanout and its executors made):\n",
  );
  for (const line of timeline(world, started, since)) console.log(line);
  console.log("\nPull requests opened by executors:\n");
  for (const pull of await world.github.pulls()) {
    const usage = readUsageRecord(pull.body);
    const cost = usage?.costUsd === undefined ? "cost unknown" : `$${usage.costUsd.toFixed(4)}`;
    console.log(
      `  #${pull.number} ${pull.title} (${pull.head.ref}, ${pull.merged_at ? "merged" : pull.state}) · ${usage?.model} · ${usage?.turns} turns · ${cost}`,
    );
  }
  return showTracking(world, parent.number);
}

/**
 * Run 2: a task whose tests fail, and a budget that runs out. Prices are made up (Haiku at
 * $1,000 per million tokens) so that the scripted runs cost what real ones would on a big task.
 */
async function troubledRun(world: World, started: number): Promise<void> {
  console.log("\nRun 2: a task whose tests fail, and a run that reaches its budget.\n");
  await world.github.commitFiles(world.github.defaultBranch, {
    ".github/fanout.yml": [
      "executor:\n  fix_rounds: 0\n  commands:\n    test: node --test\n",
      "budget:\n  per_task_usd: 1.5\n  per_run_usd: 2\n",
      "pricing:\n  claude-haiku-5-5: { input: 1000, output: 1000, cache_write_5m: 1000, cache_read: 1000 }\n",
    ].join(""),
  });
  const parent = await world.github.createIssue({
    title: "Add a --color option",
    body: "Print widgets in colour with --color.",
    user: "octocat",
  });
  world.anthropic.enqueue({ json: COLOR_PLAN });
  scriptExecutors(world.anthropic, {
    "color-option": [
      {
        toolUse: [
          {
            name: "write_file",
            input: {
              path: "test/color.test.mjs",
              content:
                "import { test } from 'node:test';\nimport assert from 'node:assert';\ntest('color', () => assert.equal(1, 2));\n",
            },
          },
          { name: "finish", input: { summary: "Added a test for --color." } },
        ],
      },
    ],
    "color-docs": [
      {
        toolUse: [
          { name: "write_file", input: { path: "docs/color.md", content: "Use --color.\n" } },
          { name: "finish", input: { summary: "Documented --color." } },
        ],
      },
    ],
  });
  step(
    started,
    `octocat opens #${parent.number} "Add a --color option" and labels it agent:parallel`,
  );
  await world.label(parent.number);
  console.log("\nComments fanout posted on the issue:\n");
  for (const comment of world.github.comments(parent.number).slice(1)) {
    console.log(`  ${comment.body?.split("\n")[0]}`);
  }
  await showTracking(world, parent.number);
}

const COLOR_PLAN = {
  rationale: "The option and its docs are independent; the CLI wiring needs the option.",
  tasks: [
    {
      key: "color-option",
      title: "Add the --color option",
      type: "feature" as const,
      complexity: "small" as const,
      steps: ["Parse --color"],
      files: ["src/color.mjs", "test/color.test.mjs"],
      dependsOn: [],
      acceptance: ["--color is parsed"],
    },
    {
      key: "color-docs",
      title: "Document --color",
      type: "docs" as const,
      complexity: "small" as const,
      steps: ["Write docs/color.md"],
      files: ["docs/color.md"],
      dependsOn: [],
      acceptance: ["docs mention --color"],
    },
    {
      key: "color-cli",
      title: "Wire --color into the CLI",
      type: "feature" as const,
      complexity: "small" as const,
      steps: ["Use it in main"],
      files: ["src/cli.mjs"],
      dependsOn: ["color-option"],
      acceptance: ["widgets --color prints colour"],
    },
  ],
};

async function merge(world: World, pullNumber: number, sha: string): Promise<void> {
  const octocat = new Octokit({
    baseUrl: world.github.url,
    auth: world.github.issueToken({ login: "octocat" }),
  });
  await octocat.rest.pulls.merge({
    owner: world.github.owner,
    repo: world.github.repo,
    pull_number: pullNumber,
    sha,
  });
  await world.settle();
}

function showTracking(world: World, issueNumber: number): string {
  const tracking = (world.github.comments(issueNumber)[0]?.body ?? "").replace(
    /\n\n<!-- fanout:run:v1 .*-->$/s,
    "",
  );
  console.log(`\nThe tracking comment on #${issueNumber}, as people see it:\n`);
  console.log(tracking);
  return tracking;
}

/** Puts the comment in the README as a quoted example, so users know what to expect. */
async function writeReadmeExample(comment: string): Promise<void> {
  const start = "<!-- demo-comment:start -->";
  const end = "<!-- demo-comment:end -->";
  const readme = await readFile("README.md", "utf8");
  const quoted = comment
    .trimEnd()
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error("README.md lacks the demo-comment markers");
  await writeFile("README.md", `${readme.slice(0, from)}${start}\n${quoted}\n${readme.slice(to)}`);
  console.log("\nWrote the comment into README.md.");
}

function step(started: number, text: string): void {
  console.log(`${elapsed(started, Date.now())}  ${text}`);
}

function elapsed(started: number, at: number): string {
  return `+${((at - started) / 1000).toFixed(2)}s`.padStart(8);
}

function timeline(world: World, started: number, since: number): string[] {
  const webhooks = (world.github.deliverer?.deliveries ?? [])
    .filter((delivery) => delivery.at >= since)
    .map((delivery) => ({
      at: delivery.at,
      text: `webhook ${delivery.event}.${delivery.action} → fanout (${delivery.status})`,
    }));
  const changes = world.github.requests
    .filter((request) => request.at >= since)
    .flatMap((request) => {
      const text = describeChange(request);
      return text ? [{ at: request.at, text }] : [];
    });
  return [...webhooks, ...changes]
    .sort((a, b) => a.at - b.at)
    .map((event) => `${elapsed(started, event.at)}  ${event.text}`);
}

function describeChange(request: RequestLogEntry): string | undefined {
  const path = request.path.replace(/^\/repos\/[^/]+\/[^/]+/, "");
  const body = (request.body ?? {}) as Record<string, unknown>;
  const rules: [string, RegExp, (match: RegExpMatchArray) => string][] = [
    [
      "POST",
      /^\/issues\/(\d+)\/reactions$/,
      (m) => `fanout reacts ${body.content === "eyes" ? "👀" : body.content} on #${m[1]}`,
    ],
    [
      "POST",
      /^\/issues\/(\d+)\/comments$/,
      (m) => `comment on #${m[1]}: ${firstLine(String(body.body))}`,
    ],
    ["PATCH", /^\/issues\/comments\/\d+$/, () => `comment edited: ${firstLine(String(body.body))}`],
    ["POST", /^\/issues$/, () => `sub-issue created: "${body.title}"`],
    [
      "POST",
      /^\/issues\/(\d+)\/sub_issues$/,
      (m) => `sub-issue (id ${body.sub_issue_id}) linked to #${m[1]}`,
    ],
    [
      "POST",
      /^\/issues\/(\d+)\/dependencies\/blocked_by$/,
      (m) => `#${m[1]} marked blocked by issue id ${body.issue_id}`,
    ],
    [
      "POST",
      /\/dispatches$/,
      () =>
        `executor dispatched for task #${(body.inputs as Record<string, string>)?.task_issue} (attempt ${(body.inputs as Record<string, string>)?.attempt}, ${(body.inputs as Record<string, string>)?.model})`,
    ],
    ["POST", /^\/pulls$/, () => `pull request opened: "${body.title}" from ${body.head}`],
    ["PUT", /^\/pulls\/(\d+)\/merge$/, (m) => `pull request #${m[1]} merged`],
  ];
  for (const [method, pattern, describe] of rules) {
    const match = path.match(pattern);
    if (request.method === method && match && request.status !== null && request.status < 300)
      return describe(match);
  }
  return undefined;
}

function firstLine(text: string): string {
  const line = text.split("\n").find((candidate) => candidate.trim() !== "") ?? "";
  return line.length > 90 ? `${line.slice(0, 87)}...` : line;
}

await main();
