import * as core from "@actions/core";
import { z } from "zod";
import { formatInputError } from "./format-input-error.ts";

const IssueNumber = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, { error: "must be an issue number such as `42`" })
  .transform(Number);

const Amount = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { error: "must be a number such as `2` or `0.5`" })
  .transform(Number)
  .refine((value) => value > 0, { error: "must be more than 0" });

export const ExecutorInputs = z.object({
  "task-issue": IssueNumber,
  "parent-issue": IssueNumber,
  attempt: z
    .string()
    .regex(/^[1-9]\d?$/, { error: "must be an attempt number from 1 to 99" })
    .transform(Number),
  model: z.string().regex(/^[a-z0-9][a-z0-9.\-@:]*$/, {
    error: "must be a model id such as `claude-haiku-5-5`",
  }),
  "base-ref": z
    .string()
    .regex(/^(?!.*\.\.)(?!\/)[\w./-]+(?<!\/)$/, { error: "must be a branch name such as `main`" })
    .optional(),
  "github-token": z.string({ error: "is required (an App installation token)" }),
  "anthropic-api-key": z.string({ error: "is required (store it as a repository secret)" }),
  "budget-usd": Amount.optional(),
  "max-tokens": z
    .string()
    .regex(/^[1-9]\d*$/, { error: "must be a whole number of tokens such as `3000000`" })
    .transform(Number)
    .optional(),
  "app-slug": z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "must be a GitHub App slug such as `fanout`" })
    .default("fanout"),
});
export type ExecutorInputs = z.infer<typeof ExecutorInputs>;

const SECRET_INPUTS = ["github-token", "anthropic-api-key"] as const;

export type InputsResult = { ok: true; inputs: ExecutorInputs } | { ok: false; message: string };

/** Reads every declared input at once so the user sees all problems in one failed run. */
export function readExecutorInputs(): InputsResult {
  for (const name of SECRET_INPUTS) {
    const value = core.getInput(name);
    if (value) core.setSecret(value);
  }
  const raw = Object.fromEntries(
    Object.keys(ExecutorInputs.shape).map((name) => [name, core.getInput(name) || undefined]),
  );
  const parsed = ExecutorInputs.safeParse(raw, { reportInput: true });
  if (parsed.success) return { ok: true, inputs: parsed.data };
  return {
    ok: false,
    message: formatInputError(
      "The fanout executor's inputs are not valid",
      parsed.error,
      SECRET_INPUTS,
    ),
  };
}
