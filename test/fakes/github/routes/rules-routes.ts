import type { Router } from "../http/router.ts";
import { fullName } from "../rest/urls.ts";
import type { SimContext } from "../sim-context.ts";
import { json, repoRoutes } from "./route-helpers.ts";

/** Active rules for a branch; only `required_status_checks`, which tests set with `requireChecks`. */
export function registerRulesRoutes(router: Router, ctx: SimContext): void {
  const repo = repoRoutes(router, ctx);

  repo("GET", "/rules/branches/{branch+}", async (request) => {
    const rule = ctx.rulesets.forBranch(request.params.branch ?? "");
    if (!rule) return json([]);
    return json([
      {
        type: "required_status_checks",
        parameters: {
          required_status_checks: rule.contexts.map((context) => ({ context })),
          strict_required_status_checks_policy: rule.strict,
        },
        ruleset_source_type: "Repository",
        ruleset_source: fullName(ctx),
        ruleset_id: rule.rulesetId,
      },
    ]);
  });
}
