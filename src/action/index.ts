import { runExecutorAction } from "./main.ts";

await runExecutorAction();
