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
  return ["```mermaid", "graph TD", ...nodes, ...edges, "```"].join("\n");
}

function label(task: GraphTask): string {
  const issue = task.issueNumber ? `#${task.issueNumber} ` : "";
  const status = task.status ? `<br/><i>${escapeMermaid(task.status)}</i>` : "";
  return `${escapeMermaid(task.key)}<br/>${issue}${escapeMermaid(task.title)}${status}`;
}

function escapeMermaid(text: string): string {
  return text.replaceAll('"', "#quot;").replaceAll("<", "#lt;").replaceAll(">", "#gt;");
}
