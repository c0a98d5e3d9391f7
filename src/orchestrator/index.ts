import { runAppInActions } from "../actions-mode/run-app-in-actions.ts";
import { createOrchestratorApp } from "./orchestrator-app.ts";

await runAppInActions(createOrchestratorApp());
