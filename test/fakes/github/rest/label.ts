import type { SimContext } from "../sim-context.ts";
import { nodeId } from "../state/ids.ts";
import type { LabelRecord } from "../state/labels.ts";
import { repoApiUrl } from "./urls.ts";

export function toRestLabel(ctx: SimContext, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId("LA", label.id),
    url: `${repoApiUrl(ctx)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}
