import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    restoreMocks: true,
    unstubEnvs: true,
    testTimeout: 20_000,
    // Most files start servers and child processes and wait on them, so two workers fit two cores.
    maxWorkers: 2,
  },
});
