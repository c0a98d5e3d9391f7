import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleActions } from "../../scripts/build.ts";

let built: Promise<string> | undefined;

/**
 * The Action bundles built from the current sources, as `npm run build` makes them. Tests run
 * these rather than the committed dist/, which `npm run check-dist` proves identical, so a test
 * never passes or fails because of a stale build.
 */
export function bundledActionsDir(): Promise<string> {
  built ??= mkdtemp(join(tmpdir(), "fanout-dist-")).then(async (dir) => {
    await bundleActions(dir);
    return dir;
  });
  return built;
}
