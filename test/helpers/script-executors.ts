import type { FakeAnthropic } from "../fakes/anthropic/index.ts";
import type { Turn } from "../fakes/anthropic/turns.ts";

/**
 * Scripts several executors that run at the same time: each request is answered from the script
 * of the task it is about (named in its first message), at the step its conversation has reached.
 */
export function scriptExecutors(fake: FakeAnthropic, scripts: Record<string, Turn[]>): void {
  fake.respondWith((request) => {
    const messages = request.conversation?.messages ?? [];
    const first = JSON.stringify(messages[0]?.content ?? "");
    const key = /Task `([a-z0-9-]+)`/.exec(first)?.[1];
    const step = messages.filter((message) => message.role === "assistant").length;
    const turn = key ? scripts[key]?.[step] : undefined;
    if (!turn) throw new Error(`no executor script for task ${key ?? "?"} at step ${step}`);
    return turn;
  });
}

/** The shortest successful executor: write one file, then finish. */
export function writeAndFinish(path: string, content: string): Turn[] {
  return [
    { toolUse: { name: "write_file", input: { path, content } } },
    { toolUse: { name: "finish", input: { summary: `Wrote ${path}.` } } },
  ];
}
