import { describe, expect, it } from "vitest";
import type { BudgetNotice } from "../../src/run/budget-notice.ts";
import { decideRun } from "../../src/run/decide-run.ts";
import {
  configWith,
  dispatchedAttempt,
  dispatchesOf,
  finishedAttempt,
  mergedTask,
  observedTask,
  plannedRecord,
  planTask,
  runState,
} from "./run-state-fixtures.ts";

const haiku = "claude-haiku-5-5";

describe("decideRun: dependencies", () => {
  const record = plannedRecord([
    planTask("parser"),
    planTask("cli-flag", ["parser"]),
    planTask("docs"),
  ]);

  it("starts every task without dependencies, in plan order, on the executor model", () => {
    const state = runState(record, [
      observedTask("parser", 2),
      observedTask("cli-flag", 3),
      observedTask("docs", 4),
    ]);
    expect(decideRun(state, configWith({}))).toEqual([
      { type: "dispatch", key: "parser", issueNumber: 2, attempt: 1, model: haiku, budgetUsd: 2 },
      { type: "dispatch", key: "docs", issueNumber: 4, attempt: 1, model: haiku, budgetUsd: 2 },
    ]);
  });

  it("keeps a task waiting while its dependency's pull request is open", () => {
    const state = runState(record, [
      observedTask("parser", 2, { attempts: [finishedAttempt("parser", 2, 1, 0.1)] }),
      observedTask("cli-flag", 3),
      observedTask("docs", 4, { attempts: [finishedAttempt("docs", 4, 1, 0.1)] }),
    ]);
    expect(decideRun(state, configWith({}))).toEqual([]);
  });

  it("starts a task once its dependency's sub-issue is closed as completed", () => {
    const state = runState(record, [
      mergedTask("parser", 2),
      observedTask("cli-flag", 3),
      mergedTask("docs", 4),
    ]);
    expect(dispatchesOf(decideRun(state, configWith({}))).map(({ key }) => key)).toEqual([
      "cli-flag",
    ]);
  });

  it.each(["not_planned", "duplicate"])(
    "does not count a dependency closed as %s as merged",
    (reason) => {
      const state = runState(record, [
        observedTask("parser", 2, {
          issue: { number: 2, id: 2_000, state: "closed", stateReason: reason },
        }),
        observedTask("cli-flag", 3),
        mergedTask("docs", 4),
      ]);
      expect(dispatchesOf(decideRun(state, configWith({})))).toEqual([]);
    },
  );

  it("never starts a sub-issue someone closed", () => {
    const state = runState(plannedRecord([planTask("parser")]), [
      observedTask("parser", 2, {
        issue: { number: 2, id: 2_000, state: "closed", stateReason: "not_planned" },
      }),
    ]);
    expect(decideRun(state, configWith({}))).toEqual([]);
  });

  it("decides nothing before the plan exists", () => {
    const state = runState({ ...record, phase: "planning", plan: undefined }, []);
    expect(decideRun(state, configWith({}))).toEqual([]);
  });
});

describe("decideRun: parallelism and approval", () => {
  const record = plannedRecord(["a", "b", "c", "d"].map((key) => planTask(key)));
  const tasks = () => [
    observedTask("a", 2, {
      attempts: [dispatchedAttempt(1, { runId: 51, runStatus: "in_progress" })],
    }),
    observedTask("b", 3),
    observedTask("c", 4),
    observedTask("d", 5),
  ];

  it("counts attempts already in flight against executor.max_parallel", () => {
    const actions = decideRun(runState(record, tasks()), configWith({ maxParallel: 2 }));
    expect(dispatchesOf(actions).map(({ key }) => key)).toEqual(["b"]);
  });

  it("counts a run still going on a sub-issue closed meanwhile", () => {
    // The pull request merged (or a person closed the sub-issue) before the executor reported.
    const closed = tasks();
    closed[0]!.issue = { number: 2, id: 2_000, state: "closed", stateReason: "completed" };
    const actions = decideRun(runState(record, closed), configWith({ maxParallel: 2 }));
    expect(dispatchesOf(actions).map(({ key }) => key)).toEqual(["b"]);
  });

  it("dispatches nothing while the plan waits for /approve", () => {
    const config = configWith({ requireApproval: true });
    expect(decideRun(runState(record, tasks()), config)).toEqual([]);
    const approved = { ...record, approvedBy: "hubot" };
    expect(dispatchesOf(decideRun(runState(approved, tasks()), config))).toHaveLength(2);
  });
});

describe("decideRun: retries and escalations", () => {
  const record = plannedRecord([planTask("parser"), planTask("docs", ["parser"])]);

  it("dispatches a requested retry with the requested attempt and model", () => {
    const state = runState(record, [
      observedTask("parser", 2, {
        attempts: [finishedAttempt("parser", 2, 1, 0.2, "tests-failed")],
        requests: [{ kind: "escalate", attempt: 2, model: "claude-sonnet-5-5", by: "hubot" }],
      }),
      observedTask("docs", 3),
    ]);
    expect(decideRun(state, configWith({}))).toEqual([
      {
        type: "dispatch",
        key: "parser",
        issueNumber: 2,
        attempt: 2,
        model: "claude-sonnet-5-5",
        budgetUsd: 2,
      },
    ]);
  });

  it("does not dispatch a request again once its attempt is recorded", () => {
    const state = runState(record, [
      observedTask("parser", 2, {
        attempts: [
          finishedAttempt("parser", 2, 1, 0.2, "tests-failed"),
          dispatchedAttempt(2, { model: "claude-sonnet-5-5", budgetUsd: 2 }),
        ],
        requests: [{ kind: "retry", attempt: 2, model: "claude-sonnet-5-5", by: "hubot" }],
      }),
      observedTask("docs", 3),
    ]);
    expect(decideRun(state, configWith({}))).toEqual([]);
  });

  it("keeps a retry of a waiting task until its dependencies are merged", () => {
    const state = runState(record, [
      observedTask("parser", 2, { attempts: [finishedAttempt("parser", 2, 1, 0.2)] }),
      observedTask("docs", 3, {
        requests: [{ kind: "retry", attempt: 1, model: haiku, by: "hubot" }],
      }),
    ]);
    expect(decideRun(state, configWith({}))).toEqual([]);
  });
});

describe("decideRun: budget", () => {
  const keys = ["a", "b", "c", "d"];
  const record = (plannerCostUsd: number) =>
    plannedRecord(
      keys.map((key) => planTask(key)),
      { plannerCostUsd },
    );

  it("gives the last task only what is left of the run's budget", () => {
    const state = runState(
      record(0.5),
      keys.map((key, i) => observedTask(key, i + 2)),
    );
    const actions = decideRun(state, configWith({ perTaskUsd: 2, perRunUsd: 5, maxParallel: 5 }));
    expect(dispatchesOf(actions).map(({ key, budgetUsd }) => [key, budgetUsd])).toEqual([
      ["a", 2],
      ["b", 2],
      ["c", 0.5],
    ]);
  });

  it("hands out every whole cent that is left", () => {
    // $10 - $9.71 is 0.28999… in floating point.
    const state = runState(record(9.71), [observedTask("a", 2)]);
    const actions = decideRun(state, configWith({ perTaskUsd: 2, perRunUsd: 10 }));
    expect(dispatchesOf(actions).map(({ budgetUsd }) => budgetUsd)).toEqual([0.29]);
  });

  it("reserves per_task_usd for an attempt in flight whose record has no budget", () => {
    const state = runState(record(0), [
      observedTask("a", 2, { attempts: [dispatchedAttempt(1)] }),
      observedTask("b", 3, { attempts: [dispatchedAttempt(1, { budgetUsd: 0.5 })] }),
      observedTask("c", 4),
      observedTask("d", 5),
    ]);
    const actions = decideRun(state, configWith({ perTaskUsd: 2, perRunUsd: 4, maxParallel: 5 }));
    expect(dispatchesOf(actions).map(({ key, budgetUsd }) => [key, budgetUsd])).toEqual([
      ["c", 1.5],
    ]);
  });

  describe("at the limit", () => {
    const config = configWith({ perTaskUsd: 2, perRunUsd: 4 });
    const stopped = () =>
      runState(record(0.5), [
        observedTask("a", 2, { attempts: [finishedAttempt("a", 2, 1, 3.6)] }),
        observedTask("b", 3, {
          attempts: [dispatchedAttempt(1, { runId: 61, runStatus: "in_progress" })],
        }),
        observedTask("c", 4, {
          attempts: [dispatchedAttempt(1, { runId: 62, runStatus: "queued" })],
        }),
        observedTask("d", 5),
      ]);

    it("cancels exactly the runs in flight, says what did not start, and dispatches nothing", () => {
      expect(decideRun(stopped(), config)).toEqual([
        { type: "cancel-run", key: "b", runId: 61 },
        { type: "cancel-run", key: "c", runId: 62 },
        {
          type: "stop-for-budget",
          spentUsd: 4.1,
          limitUsd: 4,
          cancelled: ["b", "c"],
          notStarted: ["d"],
        },
      ]);
    });

    it("announces the stop once per limit", () => {
      const notice: BudgetNotice = {
        kind: "stop",
        spentUsd: 4.1,
        limitUsd: 4,
        cancelled: ["b", "c"],
        notStarted: ["d"],
      };
      const state = { ...stopped(), budgetNotices: [notice] };
      expect(decideRun(state, config).map((action) => action.type)).toEqual([
        "cancel-run",
        "cancel-run",
      ]);
      // $4.10 spent and $2 reserved by each of the two runs still going leave $1.90.
      const raised = configWith({ perTaskUsd: 2, perRunUsd: 10 });
      expect(
        dispatchesOf(decideRun(state, raised)).map(({ key, budgetUsd }) => [key, budgetUsd]),
      ).toEqual([["d", 1.9]]);
    });
  });

  describe("warnings at 75, 85 and 95 percent", () => {
    const config = configWith({ perRunUsd: 10, maxParallel: 1 });
    const spending = (spentUsd: number, notices: BudgetNotice[] = []) =>
      runState(
        record(spentUsd),
        keys.map((key, i) => observedTask(key, i + 2)),
        notices,
      );
    const warned = (percent: number, limitUsd = 10): BudgetNotice => ({
      kind: "warning",
      percent,
      limitUsd,
      spentUsd: (percent / 100) * limitUsd,
    });
    const warnings = (spentUsd: number, notices: BudgetNotice[] = []) =>
      decideRun(spending(spentUsd, notices), config).filter(({ type }) => type === "warn-budget");

    it("stays quiet below the first level", () => {
      expect(warnings(7.4)).toEqual([]);
    });

    it("warns once when a level is crossed", () => {
      expect(warnings(7.6)).toEqual([
        { type: "warn-budget", percent: 75, spentUsd: 7.6, limitUsd: 10 },
      ]);
      expect(warnings(8.4, [warned(75)])).toEqual([]);
    });

    it("warns again at each higher level", () => {
      expect(warnings(8.6, [warned(75)])).toMatchObject([{ percent: 85 }]);
      expect(warnings(9.6, [warned(75), warned(85)])).toMatchObject([{ percent: 95 }]);
      expect(warnings(9.9, [warned(75), warned(85), warned(95)])).toEqual([]);
    });

    it("names only the highest level when spending jumps past several", () => {
      expect(warnings(9.7)).toMatchObject([{ percent: 95 }]);
    });

    it("warns again when the limit changed", () => {
      expect(warnings(7.6, [warned(75, 20)])).toMatchObject([{ percent: 75, limitUsd: 10 }]);
    });

    it("still dispatches with the budget that is left", () => {
      const actions = decideRun(spending(8.6, [warned(75)]), config);
      expect(actions.map((action) => action.type)).toEqual(["warn-budget", "dispatch"]);
      expect(dispatchesOf(actions)[0]?.budgetUsd).toBe(1.4);
    });
  });
});
