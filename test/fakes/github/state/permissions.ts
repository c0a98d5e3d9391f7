export type PermissionLevel = "admin" | "maintain" | "write" | "triage" | "read";

/** People with access to the repository and their role (collaborators and org grants alike). */
export class PermissionStore {
  readonly #levels = new Map<string, { login: string; level: PermissionLevel }>();

  set(login: string, level: PermissionLevel | "none"): void {
    if (level === "none") this.#levels.delete(login.toLowerCase());
    else this.#levels.set(login.toLowerCase(), { login, level });
  }

  get(login: string): PermissionLevel | undefined {
    return this.#levels.get(login.toLowerCase())?.level;
  }
}

/**
 * The legacy base role GitHub reports in `permission`: maintain counts as write and triage as
 * read (documented on "Get repository permissions for a user").
 */
export function basePermission(level: PermissionLevel | undefined): string {
  if (level === "maintain") return "write";
  if (level === "triage") return "read";
  return level ?? "none";
}
