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

    step(started, `octocat opens #${parent.number} "${ISSUE.title}" and labels it agent:parallel`);
    await world.label(parent.number);

    const parserPull = (await world.github.pulls()).find((pull) =>
      pull.head.ref.endsWith("-parser"),
    )!;
    step(started, `octocat merges #${parserPull.number} (the parser); its sub-issue closes`);
    const octocat = new Octokit({
      baseUrl: world.github.url,
      auth: world.github.issueToken({ login: "octocat" }),
    });
    await octocat.rest.pulls.merge({
      owner: world.github.owner,
      repo: world.github.repo,
      pull_number: parserPull.number,
      sha: parserPull.head.sha,
    });
    await world.settle();

    console.log(
      "\nTimeline (webhooks GitHub sent, and the changes fanout and its executors made):\n",
    );
    for (const line of timeline(world, started)) console.log(line);

    console.log("\nPull requests opened by executors:\n");
    for (const pull of await world.github.pulls()) {
      const usage = readUsageRecord(pull.body);
      const cost = usage?.costUsd === undefined ? "cost unknown" : `$${usage.costUsd.toFixed(4)}`;
      console.log(
        `  #${pull.number} ${pull.title} (${pull.head.ref}, ${pull.merged_at ? "merged" : pull.state}) · ${usage?.model} · ${usage?.turns} turns · ${cost}`,
      );
    }

    const tracking = (world.github.comments(parent.number)[0]?.body ?? "").replace(
      /\n<!-- fanout:run:v1 .*-->$/s,
      "",
    );
    console.log(`\nThe tracking comment on #${parent.number}, as people see it:\n`);
    console.log(tracking);
    if (process.argv.includes("--write-readme")) await writeReadmeExample(tracking);
    world.assertClean();
    const webhooks = world.github.deliverer?.deliveries.length ?? 0;
    console.log(
      `\n${world.github.requests.length} GitHub API requests, ${webhooks} webhooks, ${world.anthropic.requests.length} model calls, ${world.jobs.length} executor runs, ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await world.close();
  }
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

function timeline(world: Awaited<ReturnType<typeof startFanoutWorld>>, started: number): string[] {
  const webhooks = (world.github.deliverer?.deliveries ?? [])
    .filter((delivery) => delivery.at >= started)
    .map((delivery) => ({
      at: delivery.at,
      text: `webhook ${delivery.event}.${delivery.action} → fanout (${delivery.status})`,
    }));
  const changes = world.github.requests
    .filter((request) => request.at >= started)
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
