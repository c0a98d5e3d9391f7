import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { betaZodTool } from "@anthropic-ai/sdk/helpers/beta/zod";
import { ToolError } from "@anthropic-ai/sdk/lib/tools/ToolError";
import { z } from "zod";
import { maskSecrets, truncateOutput } from "../sandbox/command-environment.ts";
import {
  resolveWorkspacePath,
  resolveWritablePath,
  SandboxError,
} from "../sandbox/resolve-workspace-path.ts";
import { type ExecutorSession, MAX_TOOL_OUTPUT } from "./executor-session.ts";

const SKIPPED_DIRECTORIES = new Set([
  ".git",
  "node_modules",
  "dist",
  "build",
  "coverage",
  ".venv",
  "target",
]);
const MAX_LISTED = 500;
const MAX_FILE_BYTES = 1_000_000;

/** Sandbox refusals go back to the model as tool errors it can act on; other failures too. */
async function guarded(work: () => Promise<string>): Promise<string> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SandboxError) throw new ToolError(`Refused: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ToolError("No such file or directory");
    if (code === "EISDIR") throw new ToolError("That is a directory; use list_files");
    throw error;
  }
}

export function createFileTools(session: ExecutorSession) {
  const clean = (text: string) =>
    truncateOutput(maskSecrets(text, session.secrets), MAX_TOOL_OUTPUT);

  const listFiles = betaZodTool({
    name: "list_files",
    description:
      "List files under a directory of the repository (recursively, skipping .git and build output).",
    inputSchema: z.object({
      path: z.string().default(".").describe("Directory relative to the repository root"),
    }),
    run: ({ path }) =>
      guarded(async () => {
        const { absolute, relative } = await resolveWorkspacePath(session.workspace, path);
        const files = await walk(absolute, relative === "." ? "" : `${relative}/`);
        const shown = files.slice(0, MAX_LISTED);
        const more = files.length > shown.length ? `\n[… ${files.length - shown.length} more]` : "";
        return shown.join("\n") + more || "(empty)";
      }),
  });

  const readFileTool = betaZodTool({
    name: "read_file",
    description:
      "Read a text file of the repository, optionally only some lines (1-based, inclusive).",
    inputSchema: z.object({
      path: z.string(),
      start_line: z.int().min(1).optional(),
      end_line: z.int().min(1).optional(),
    }),
    run: ({ path, start_line, end_line }) =>
      guarded(async () => {
        const { absolute } = await resolveWorkspacePath(session.workspace, path);
        if ((await stat(absolute)).size > MAX_FILE_BYTES)
          throw new ToolError("File too large to read; use search");
        const lines = (await readFile(absolute, "utf8")).split("\n");
        const from = (start_line ?? 1) - 1;
        const to = end_line ?? lines.length;
        return clean(
          lines
            .slice(from, to)
            .map((line, i) => `${from + i + 1}\t${line}`)
            .join("\n"),
        );
      }),
  });

  const search = betaZodTool({
    name: "search",
    description:
      "Search file contents with a regular expression; returns matching lines as path:line: text.",
    inputSchema: z.object({ pattern: z.string().min(1), path: z.string().default(".") }),
    run: ({ pattern, path }) =>
      guarded(async () => {
        let regex: RegExp;
        try {
          regex = new RegExp(pattern);
        } catch (error) {
          throw new ToolError(`Invalid regular expression: ${(error as Error).message}`);
        }
        const { absolute, relative } = await resolveWorkspacePath(session.workspace, path);
        const prefix = relative === "." ? "" : `${relative}/`;
        const hits: string[] = [];
        for (const file of await walk(absolute, prefix)) {
          const full = join(session.workspace.root, file);
          if ((await stat(full)).size > MAX_FILE_BYTES) continue;
          const lines = (await readFile(full, "utf8")).split("\n");
          lines.forEach((line, index) => {
            if (hits.length < 200 && regex.test(line))
              hits.push(`${file}:${index + 1}: ${line.slice(0, 300)}`);
          });
        }
        return clean(hits.join("\n") || "No matches");
      }),
  });

  const write = betaZodTool({
    name: "write_file",
    description: "Create or overwrite a file with the given content.",
    inputSchema: z.object({ path: z.string(), content: z.string() }),
    run: ({ path, content }) =>
      guarded(async () => {
        const { absolute, relative } = await resolveWritablePath(session.workspace, path);
        await mkdir(dirname(absolute), { recursive: true });
        await writeFile(absolute, content);
        session.changedFiles.add(relative);
        return `Wrote ${relative} (${content.split("\n").length} lines)`;
      }),
  });

  const edit = betaZodTool({
    name: "edit_file",
    description: "Replace one exact, unique occurrence of old_text with new_text in a file.",
    inputSchema: z.object({ path: z.string(), old_text: z.string().min(1), new_text: z.string() }),
    run: ({ path, old_text, new_text }) =>
      guarded(async () => {
        const { absolute, relative } = await resolveWritablePath(session.workspace, path);
        const text = await readFile(absolute, "utf8");
        const count = text.split(old_text).length - 1;
        if (count === 0)
          throw new ToolError("old_text was not found; read the file and copy the text exactly");
        if (count > 1)
          throw new ToolError(
            `old_text occurs ${count} times; include more context so it is unique`,
          );
        await writeFile(
          absolute,
          text.replace(old_text, () => new_text),
        );
        session.changedFiles.add(relative);
        return `Edited ${relative}`;
      }),
  });

  return [listFiles, readFileTool, search, write, edit];
}

async function walk(directory: string, prefix: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name))
        files.push(...(await walk(join(directory, entry.name), `${prefix}${entry.name}/`)));
    } else if (entry.isFile()) files.push(`${prefix}${entry.name}`);
  }
  return files;
}
