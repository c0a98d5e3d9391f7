import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    restoreMocks: true,
    unstubEnvs: true,
    // End-to-end tests run executors as child processes; on a loaded machine they need room.
    testTimeout: 60_000,
    // Most files start servers and child processes and wait on them, so two workers fit two cores.
    maxWorkers: 2,
  },
});
