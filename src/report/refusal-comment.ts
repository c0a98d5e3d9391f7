/** The one comment an unauthorized person gets; it says who may use fanout, not why they can't. */
export function renderRefusalComment(login: string, minimum: string, label: string): string {
  return [
    `@${login} fanout only runs for people with **${minimum}** access (or higher) to this repository, because it spends the team's model budget and pushes code.`,
    `I removed the \`${label}\` label. Ask a maintainer to add it if this issue should be planned.`,
  ].join(" ");
}
