import { describe, expect, it } from "vitest";
import app from "../src/app.ts";
import { createTestProbot } from "./helpers/create-test-probot.ts";
import { issueLabeledEvent } from "./helpers/issue-labeled.ts";
import { githubScope, REPO_PATH, withConfigFile } from "./helpers/nock-github.ts";

describe("fanout app: configuration on the trigger", () => {
  it("explains an invalid .github/fanout.yml on the issue and does nothing else", async () => {
    const probot = await createTestProbot(app);
    let comment = "";
    const scope = withConfigFile(
      githubScope(),
      "executor:\n  max_parallel: 50\nmerge:\n  method: fast\n",
    )
      .post(`${REPO_PATH}/issues/1/comments`, (body) => {
        comment = body.body;
        return true;
      })
      .reply(201, { id: 1 });

    await probot.receive(issueLabeledEvent());

    expect(scope.isDone()).toBe(true);
    expect(comment).toContain("**fanout did not start:** `.github/fanout.yml` has 2 problems.");
    expect(comment).toContain("| `executor.max_parallel` | must be at most 20 (got `50`) |");
    expect(comment).toContain(
      '| `merge.method` | must be one of `squash`, `merge`, `rebase` (got `"fast"`) |',
    );
    expect(comment).toContain("remove and add the `agent:parallel` label again");
  });

  it("reports YAML that does not parse, with the line, instead of crashing", async () => {
    const probot = await createTestProbot(app);
    let comment = "";
    const scope = withConfigFile(githubScope(), "executor:\n  max_parallel: [1, 2\n")
      .post(`${REPO_PATH}/issues/1/comments`, (body) => {
        comment = body.body;
        return true;
      })
      .reply(201, { id: 1 });

    await probot.receive(issueLabeledEvent());

    expect(scope.isDone()).toBe(true);
    expect(comment).toContain(
      "| `(whole file)` | Configuration could not be parsed (invalid YAML)",
    );
    expect(comment).toMatch(/line \d+/);
  });

  it("uses the trigger label a broken file asks for, and ignores the default one", async () => {
    const probot = await createTestProbot(app);
    const scope = withConfigFile(
      githubScope(),
      "trigger_label: ai:go\nplanner: { max_tasks: 0 }\n",
    );

    await probot.receive(issueLabeledEvent({ label: "agent:parallel" }));

    expect(scope.isDone()).toBe(true);
  });

  it("ignores labels other than the trigger label quietly", async () => {
    const probot = await createTestProbot(app);
    const scope = withConfigFile(githubScope(), undefined);

    await probot.receive(issueLabeledEvent({ label: "bug" }));

    expect(scope.isDone()).toBe(true);
  });

  it("ignores the trigger label on a pull request without a single request", async () => {
    const probot = await createTestProbot(app);
    const event = issueLabeledEvent();
    event.payload.issue.pull_request = {
      url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/1",
      html_url: "https://github.com/Codertocat/Hello-World/pull/1",
      diff_url: "https://github.com/Codertocat/Hello-World/pull/1.diff",
      patch_url: "https://github.com/Codertocat/Hello-World/pull/1.patch",
    };

    // No mock is set up: any request to GitHub would fail the test.
    await probot.receive(event);
  });
});
