type GraphTask = {
  key: string;
  title: string;
  dependsOn: readonly string[];
  addedDependsOn: readonly { key: string; file: string }[];
  issueNumber?: number | undefined;
  status?: string | undefined;
};

/**
 * A mermaid flowchart of the plan. Edges fanout added to keep two tasks off the same file are
 * dotted and labelled with the file, so the reader sees why the order is what it is.
 */
export function renderDependencyGraph(tasks: readonly GraphTask[]): string {
  const id = new Map(tasks.map((task, index) => [task.key, `t${index + 1}`]));
  const nodes = tasks.map((task) => `  ${id.get(task.key)}["${label(task)}"]`);
  const edges = tasks.flatMap((task) =>
    task.dependsOn.map((dependency) => {
      const added = task.addedDependsOn.find((edge) => edge.key === dependency);
      const from = id.get(dependency);
      const to = id.get(task.key);
      return added
        ? `  ${from} -. "${escapeMermaid(added.file)}" .-> ${to}`
        : `  ${from} --> ${to}`;
    }),
  );
  return ["```mermaid", "graph TD", ...nodes, ...edges, ...statusClasses(tasks, id), "```"].join(
    "\n",
  );
}

// Colours a reader can tell apart at a glance; the status text is in each node too.
const STATUS_STYLE: Record<string, string> = {
  merged: "fill:#d1f7c4,stroke:#2da44e",
  "pr-open": "fill:#ddf4ff,stroke:#0969da",
  running: "fill:#fff8c5,stroke:#bf8700",
  dispatched: "fill:#fff8c5,stroke:#bf8700",
  requested: "fill:#fff8c5,stroke:#bf8700",
  failed: "fill:#ffebe9,stroke:#cf222e",
  "needs-escalation": "fill:#ffebe9,stroke:#cf222e",
  "setup-failed": "fill:#ffebe9,stroke:#cf222e",
  cancelled: "fill:#eaeef2,stroke:#6e7781,stroke-dasharray:4",
};

function statusClasses(tasks: readonly GraphTask[], id: ReadonlyMap<string, string>): string[] {
  const used = new Set(
    tasks.map((task) => task.status).filter((status) => status && STATUS_STYLE[status]),
  );
  const defs = [...used].map(
    (status) => `  classDef ${className(status!)} ${STATUS_STYLE[status!]}`,
  );
  const assignments = tasks
    .filter((task) => task.status && STATUS_STYLE[task.status])
    .map((task) => `  class ${id.get(task.key)} ${className(task.status!)}`);
  return [...defs, ...assignments];
}

function className(status: string): string {
  return status.replaceAll("-", "_");
}

function label(task: GraphTask): string {
  const issue = task.issueNumber ? `#${task.issueNumber} ` : "";
  const status = task.status
    ? `<br/><i>${escapeMermaid(task.status.replaceAll("-", " "))}</i>`
    : "";
  return `${escapeMermaid(task.key)}<br/>${issue}${escapeMermaid(task.title)}${status}`;
}

function escapeMermaid(text: string): string {
  return text.replaceAll('"', "#quot;").replaceAll("<", "#lt;").replaceAll(">", "#gt;");
}
