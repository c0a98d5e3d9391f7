import { randomBytes } from "node:crypto";

/** Who a request acts as: the app's installation (`<slug>[bot]`) or a person's token. */
export interface Actor {
  login: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
  actor: Actor;
}

/** Installation tokens the simulator handed out; only these authenticate API calls. */
export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();

  issue(actor: Actor): IssuedToken {
    // Same shape as GitHub's installation tokens (`ghs_` + 36 characters), generated per run.
    const token = `ghs_${randomBytes(27).toString("base64url").slice(0, 36)}`;
    const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const issued = { token, expiresAt, actor };
    this.#tokens.set(token, issued);
    return issued;
  }

  /** The actor of an `Authorization` header carrying an issued token, or undefined. */
  authenticate(header: string | undefined): Actor | undefined {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? "");
    return match ? this.#tokens.get(match[1] ?? "")?.actor : undefined;
  }
}

/**
 * Whether an `Authorization: Bearer` header holds a well-formed JWT (three base64url parts whose
 * header and payload are JSON). The signature is not verified: tests generate throwaway keys.
 */
export function isWellFormedJwt(header: string | undefined): boolean {
  const match = /^bearer\s+([\w-]+)\.([\w-]+)\.([\w-]*)$/i.exec(header ?? "");
  if (!match) return false;
  try {
    const head = JSON.parse(Buffer.from(match[1] ?? "", "base64url").toString("utf8"));
    const payload = JSON.parse(Buffer.from(match[2] ?? "", "base64url").toString("utf8"));
    return (
      typeof head === "object" && head !== null && typeof payload === "object" && payload !== null
    );
  } catch {
    return false;
  }
}
