import { build } from "esbuild";

/** Each Action entry and the bundle it becomes under `dist/`. */
const ENTRIES = {
  "executor/index": "src/action/index.ts",
  "orchestrator/index": "src/orchestrator/index.ts",
};

// Bundled CommonJS dependencies still call `require`; an ESM bundle has to provide it.
const REQUIRE_SHIM =
  "import { createRequire as __fanoutCreateRequire } from 'node:module'; const require = __fanoutCreateRequire(import.meta.url);";

export async function bundleActions(outdir: string): Promise<void> {
  await build({
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: "node",
    target: "node24",
    format: "esm",
    banner: { js: REQUIRE_SHIM },
    legalComments: "none",
    logLevel: "warning",
  });
}

if (import.meta.main) await bundleActions("dist");
