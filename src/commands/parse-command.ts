export const COMMANDS = ["approve", "escalate", "retry", "cancel", "status"] as const;
export type CommandName = (typeof COMMANDS)[number];
export type Command = { name: CommandName; args: string[]; rest: string };

/** A fanout command is the first line of a comment: `/name arg…`. Anything else is conversation. */
export function parseCommand(body: string | null | undefined): Command | undefined {
  const firstLine = body?.trimStart().split("\n")[0]?.trim() ?? "";
  const match = /^\/([a-z]+)(?:\s+(.*))?$/.exec(firstLine);
  const name = match?.[1] as CommandName | undefined;
  if (!name || !COMMANDS.includes(name)) return undefined;
  const rest = match?.[2]?.trim() ?? "";
  return { name, args: rest ? rest.split(/\s+/) : [], rest };
}
