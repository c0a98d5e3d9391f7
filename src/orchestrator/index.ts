import { runAppInActions } from "../actions-mode/run-app-in-actions.ts";
import app from "../app.ts";

await runAppInActions(app);
