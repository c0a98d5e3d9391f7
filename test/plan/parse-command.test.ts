import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse-command.ts";

describe("parseCommand", () => {
  it("reads the command on the first line", () => {
    expect(parseCommand("/approve")).toEqual({ name: "approve", args: [], rest: "" });
    expect(parseCommand("  /escalate claude-opus-5-5 use the new API\nthanks")).toEqual({
      name: "escalate",
      args: ["claude-opus-5-5", "use", "the", "new", "API"],
      rest: "claude-opus-5-5 use the new API",
    });
  });

  it("ignores conversation, unknown commands and commands not on the first line", () => {
    expect(parseCommand("I think we should /approve")).toBeUndefined();
    expect(parseCommand("/deploy now")).toBeUndefined();
    expect(parseCommand("LGTM\n/approve")).toBeUndefined();
    expect(parseCommand(null)).toBeUndefined();
  });
});
