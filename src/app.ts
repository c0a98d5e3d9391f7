import type { ApplicationFunction } from "probot";
import { onIssueLabeled } from "./handlers/on-issue-labeled.ts";

/** The Probot app: every handler is a thin step into the core; no rule lives here. */
const app: ApplicationFunction = (probot) => {
  probot.on("issues.labeled", onIssueLabeled);
};

export default app;
