import type { GitHub, Repo } from "./client.ts";

const RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 } as const;
export type Role = keyof typeof RANK;

/** The person's role on the repository, as GitHub reports it (`role_name` is the fine-grained one). */
export async function getRole(github: GitHub, repo: Repo, username: string): Promise<Role> {
  const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
  const role = (data.role_name in RANK ? data.role_name : data.permission) as Role;
  return role in RANK ? role : "none";
}

export function hasAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}
