import { z } from "zod";

/** What a GitHub Actions runner tells every step about where it runs. */
export const RunnerEnvironment = z.object({
  GITHUB_REPOSITORY: z.string().regex(/^[^/]+\/[^/]+$/),
  GITHUB_WORKSPACE: z.string().min(1),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_SERVER_URL: z.url().default("https://github.com"),
  GITHUB_RUN_ID: z.string().optional(),
});
export type RunnerEnvironment = z.infer<typeof RunnerEnvironment>;

/** Values in the environment that look like credentials, so they can be masked everywhere. */
export function secretValues(env: NodeJS.ProcessEnv, extra: readonly string[]): string[] {
  const fromEnv = Object.entries(env)
    .filter(
      ([name, value]) =>
        value && /TOKEN|SECRET|PASSWORD|API_KEY|PRIVATE_KEY|INPUT_.*KEY/i.test(name),
    )
    .map(([, value]) => value as string);
  return [...new Set([...extra, ...fromEnv])].filter((value) => value.length >= 6);
}
