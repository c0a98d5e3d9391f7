import { describe, expect, it } from "vitest";
import { createKeyedQueue } from "../../src/run/serialize-by-key.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("createKeyedQueue", () => {
  it("runs work for one key in order, one at a time, and other keys alongside", async () => {
    const { serialize } = createKeyedQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = serialize("run#1", async () => {
      log.push("a start");
      await gate.promise;
      log.push("a end");
    });
    const second = serialize("run#1", async () => {
      log.push("b");
    });
    const other = serialize("run#2", async () => {
      log.push("other");
    });
    await other;
    expect(log).toEqual(["a start", "other"]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(["a start", "other", "a end", "b"]);
  });

  it("coalesces a burst of reconcile requests into one pass after the running one", async () => {
    const { coalesce } = createKeyedQueue();
    let passes = 0;
    const started = deferred();
    const gate = deferred();
    const running = coalesce("run#1", async () => {
      passes += 1;
      started.resolve();
      await gate.promise;
    });
    await started.promise;
    // Ten events arrive while the first pass is observing: one more pass covers them all.
    const burst = Array.from({ length: 10 }, () =>
      coalesce("run#1", async () => {
        passes += 1;
      }),
    );
    gate.resolve();
    await Promise.all([running, ...burst]);
    expect(passes).toBe(2);
  });

  it("joins a pass that has not started yet instead of queueing another", async () => {
    const { coalesce } = createKeyedQueue();
    let passes = 0;
    const jobs = Array.from({ length: 5 }, () =>
      coalesce("run#1", async () => {
        passes += 1;
      }),
    );
    await Promise.all(jobs);
    expect(passes).toBe(1);
  });

  it("keeps going after a failed job", async () => {
    const { serialize } = createKeyedQueue();
    await expect(serialize("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow(
      "boom",
    );
    await expect(serialize("k", async () => "next")).resolves.toBe("next");
  });
});
