import type { IncomingHttpHeaders } from "node:http";
import type { Actor } from "../state/tokens.ts";

export interface RouteRequest {
  method: string;
  /** The raw request path, as the client sent it (percent-encoding kept). */
  path: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  actor: Actor;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (raw file contents); not checked against the JSON schemas. */
  raw?: Buffer;
  /** Work to start once the response has been sent (e.g. a workflow run's handler). */
  after?: () => void;
}

export type RouteHandler = (request: RouteRequest) => Promise<RouteResponse>;

interface Segment {
  kind: "literal" | "param" | "greedy";
  value: string;
}

interface Route {
  method: string;
  template: string;
  segments: Segment[];
  handler: RouteHandler;
}

export interface RouteMatch {
  route: { method: string; template: string; handler: RouteHandler };
  params: Record<string, string>;
}

/**
 * Method + path template routing. `{name}` matches one segment, `{name+}` one or more (for
 * GitHub's parameters that may hold slashes: content paths, refs, branch names). Literal segments
 * win over parameters, like GitHub's own routing.
 */
export class Router {
  readonly routes: Route[] = [];

  on(method: string, template: string, handler: RouteHandler): void {
    const segments = template
      .split("/")
      .slice(1)
      .map((part): Segment => {
        const match = /^\{(\w+)(\+?)\}$/.exec(part);
        if (!match) return { kind: "literal", value: part };
        return { kind: match[2] ? "greedy" : "param", value: match[1] ?? "" };
      });
    this.routes.push({ method: method.toUpperCase(), template, segments, handler });
    this.routes.sort((a, b) => compareSpecificity(a.segments, b.segments));
  }

  match(method: string, rawPath: string): RouteMatch | undefined {
    const parts = rawPath.split("/").slice(1);
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue;
      const params = matchSegments(route.segments, parts);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function rank(segment: Segment): number {
  return segment.kind === "literal" ? 0 : segment.kind === "param" ? 1 : 2;
}

function compareSpecificity(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const diff = rank(a[i] as Segment) - rank(b[i] as Segment);
    if (diff !== 0) return diff;
  }
  return b.length - a.length;
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const [segment, ...rest] = segments;
  if (!segment) return parts.length === 0 ? {} : undefined;
  if (segment.kind === "greedy") {
    // Longest first, so `{ref+}/check-runs` still leaves room for its literal tail.
    for (let take = parts.length - rest.length; take >= 1; take--) {
      const tail = matchSegments(rest, parts.slice(take));
      if (tail) return { ...tail, [segment.value]: decode(parts.slice(0, take).join("/")) };
    }
    return undefined;
  }
  const [part, ...remaining] = parts;
  if (part === undefined) return undefined;
  if (segment.kind === "literal") {
    return decode(part) === segment.value ? matchSegments(rest, remaining) : undefined;
  }
  if (part === "") return undefined;
  const tail = matchSegments(rest, remaining);
  return tail ? { ...tail, [segment.value]: decode(part) } : undefined;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
