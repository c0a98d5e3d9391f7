export interface FaultSpec {
  /** HTTP method to match; any when omitted. */
  method?: string;
  /** A path template (`/repos/{owner}/{repo}/issues`) or a RegExp tested on the raw path. */
  path: string | RegExp;
  /** How many matching requests fail; 1 when omitted. */
  times?: number;
  /** How many matching requests succeed first (fail the third call: `after: 2`); 0 by default. */
  after?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer: the request hangs until the client gives up or the simulator closes. */
  timeout?: boolean;
}

export interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  /** Matching requests still to let through before failing. */
  skip: number;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  500: "Server Error",
  502: "Server Error",
  503: "Service Unavailable",
};

/** Faults tests inject per route; each matching request consumes one. */
export class FaultTable {
  readonly #faults: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    if (!spec.timeout && spec.status === undefined) {
      throw new Error("injectFault needs a status or timeout: true");
    }
    const fault = { spec, remaining: spec.times ?? 1, skip: spec.after ?? 0 };
    this.#faults.push(fault);
    return fault;
  }

  /** The first fault matching the request, consumed; undefined when none matches. */
  take(method: string, rawPath: string): FaultSpec | undefined {
    const fault = this.#faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.spec.method === undefined ||
          candidate.spec.method.toUpperCase() === method.toUpperCase()) &&
        matchesPath(candidate.spec.path, rawPath),
    );
    if (!fault) return undefined;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.remaining -= 1;
    return fault.spec;
  }

  clear(): void {
    this.#faults.length = 0;
  }
}

export function faultBody(spec: FaultSpec): unknown {
  if (spec.body !== undefined) return spec.body;
  const status = spec.status ?? 500;
  return { message: DEFAULT_MESSAGES[status] ?? "Server Error", status: String(status) };
}

function matchesPath(pattern: string | RegExp, rawPath: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(rawPath);
  const source = pattern
    .split(/\{\w+\+?\}/)
    .map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${source}$`).test(rawPath);
}
