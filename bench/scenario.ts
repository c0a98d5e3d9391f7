/** One bench run: a plan of `tasks` tasks, run by fanout's app or by the naive baseline. */
export type Scenario = { tasks: number; maxParallel: number; mode: "fanout" | "baseline" };

export type ScenarioResult = {
  scenario: Scenario;
  /** Webhooks delivered to the app from the trigger label to the last merge. */
  webhooks: number;
  appReads: number;
  appWrites: number;
  /** PATCHes of the tracking comment (the first bot comment on the parent). */
  commentEdits: number;
  /** The app process's CPU time (user + system) over the run. */
  cpuMs: number;
  wallMs: number;
  /** The app's requests by endpoint, most frequent first. */
  routes: [string, number][];
  /** Webhooks delivered, by `event.action`, most frequent first. */
  events: [string, number][];
  /** Requests the scripted executors and the merging person sent (not counted above). */
  outsiderRequests: number;
  /** The tracking comment as the run left it. */
  trackingComment: string;
};

export function describeScenario(scenario: Scenario): string {
  return `${scenario.mode}, ${scenario.tasks} tasks, max_parallel ${scenario.maxParallel}`;
}
