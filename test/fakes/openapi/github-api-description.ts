import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The parts of an OpenAPI 3.0 document this validator reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas?: Record<string, unknown>;
    parameters?: Record<string, OpenApiParameter>;
    responses?: Record<string, OpenApiResponse>;
  };
}

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: unknown;
  "x-multi-segment"?: boolean;
}

export interface OpenApiMediaType {
  schema?: unknown;
}

export interface OpenApiResponse {
  description?: string;
  content?: Record<string, OpenApiMediaType>;
}

interface OpenApiReference {
  $ref: string;
}

interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | OpenApiReference)[];
  requestBody?: { required?: boolean; content?: Record<string, OpenApiMediaType> };
  responses?: Record<string, OpenApiResponse | OpenApiReference>;
}

/** A parameter with its `$ref` resolved. */
export interface DescribedParameter {
  name: string;
  in: OpenApiParameter["in"];
  required: boolean;
  schema: unknown;
}

export interface DescribedOperation {
  operationId: string;
  method: string;
  template: string;
  /** `issues/add-sub-issue (POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues)` */
  label: string;
  parameters: DescribedParameter[];
  requestBody: OpenApiOperation["requestBody"];
  /** By status (`"200"`, `"404"`), with `$ref`s to shared responses resolved. */
  responses: Record<string, OpenApiResponse>;
}

export type OperationMatch =
  | { kind: "operation"; operation: DescribedOperation; pathParams: Record<string, string> }
  | { kind: "method-not-allowed"; template: string; allowed: string[] }
  | { kind: "unknown-path" };

export interface PathTemplate {
  template: string;
  pattern: RegExp;
  paramNames: string[];
  /** Higher sorts first; see `compareRanks`. */
  rank: number[];
  operations: Map<string, DescribedOperation>;
}

export interface GitHubApiDescription {
  document: OpenApiDocument;
  templates: PathTemplate[];
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let loaded: GitHubApiDescription | undefined;

/**
 * GitHub's REST API description as `@octokit/openapi` ships it, parsed and indexed once per
 * process: it is 13 MB, so every caller shares one copy, loaded on first use.
 */
export function loadGitHubApiDescription(): GitHubApiDescription {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  // The file comes from a pinned dev dependency, not from a user: a cast is the boundary here.
  const document = JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
  loaded = { document, templates: indexPaths(document) };
  return loaded;
}

/** `components.schemas[name]`, the target of `$ref: "#/components/schemas/<name>"`. */
export function getComponentSchema(name: string): unknown {
  return loadGitHubApiDescription().document.components.schemas?.[name];
}

/**
 * Finds the operation for a request path (relative to the API root, still percent-encoded, no
 * query string). Among the templates that match, literal segments beat parameters, so
 * `/issues/comments/{comment_id}` wins over `/issues/{issue_number}` for `/issues/comments/5`.
 */
export function matchOperation(method: string, path: string): OperationMatch {
  const { templates } = loadGitHubApiDescription();
  const wanted = method.toUpperCase();
  const candidates: { template: PathTemplate; values: string[] }[] = [];
  for (const template of templates) {
    const found = template.pattern.exec(path);
    if (found) candidates.push({ template, values: found.slice(1) });
  }
  if (candidates.length === 0) return { kind: "unknown-path" };
  // `templates` is sorted by rank, so the first candidate is the most specific.
  for (const { template, values } of candidates) {
    // GitHub answers HEAD wherever it answers GET; the description lists only GET.
    const operation =
      template.operations.get(wanted) ??
      (wanted === "HEAD" ? template.operations.get("GET") : undefined);
    if (!operation) continue;
    const pathParams: Record<string, string> = {};
    template.paramNames.forEach((name, index) => {
      pathParams[name] = decodePathValue(values[index] ?? "");
    });
    return { kind: "operation", operation, pathParams };
  }
  const best = candidates[0]!.template;
  return {
    kind: "method-not-allowed",
    template: best.template,
    allowed: [...best.operations.keys()],
  };
}

/** `application/json`, `application/scim+json`: the media types the description has schemas for. */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

function decodePathValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function indexPaths(document: OpenApiDocument): PathTemplate[] {
  const templates: PathTemplate[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    const operations = new Map<string, DescribedOperation>();
    const shared = (item.parameters ?? []) as OpenApiOperation["parameters"];
    for (const method of HTTP_METHODS) {
      const operation = item[method] as OpenApiOperation | undefined;
      if (!operation) continue;
      operations.set(
        method.toUpperCase(),
        describeOperation(document, template, method, operation, shared),
      );
    }
    const multiSegment = multiSegmentNames([...operations.values()], document, item);
    templates.push({ template, operations, ...compileTemplate(template, multiSegment) });
  }
  return templates.sort((a, b) => compareRanks(b.rank, a.rank));
}

function describeOperation(
  document: OpenApiDocument,
  template: string,
  method: string,
  operation: OpenApiOperation,
  shared: OpenApiOperation["parameters"],
): DescribedOperation {
  const parameters = new Map<string, DescribedParameter>();
  // Operation-level parameters override path-level ones with the same name and location.
  for (const entry of [...(shared ?? []), ...(operation.parameters ?? [])]) {
    const parameter = resolveParameter(document, entry);
    parameters.set(`${parameter.in}:${parameter.name}`, {
      name: parameter.name,
      in: parameter.in,
      required: parameter.required === true,
      schema: parameter.schema ?? {},
    });
  }
  const responses: Record<string, OpenApiResponse> = {};
  for (const [status, entry] of Object.entries(operation.responses ?? {})) {
    responses[status] = resolveResponse(document, entry);
  }
  const upper = method.toUpperCase();
  return {
    operationId: operation.operationId,
    method: upper,
    template,
    label: `${operation.operationId} (${upper} ${template})`,
    parameters: [...parameters.values()],
    requestBody: operation.requestBody,
    responses,
  };
}

function resolveParameter(
  document: OpenApiDocument,
  entry: OpenApiParameter | OpenApiReference,
): OpenApiParameter {
  if (!("$ref" in entry)) return entry;
  const parameter = document.components.parameters?.[componentName(entry.$ref, "parameters")];
  if (!parameter) throw new Error(`GitHub's description has a dangling $ref: ${entry.$ref}`);
  return parameter;
}

function resolveResponse(
  document: OpenApiDocument,
  entry: OpenApiResponse | OpenApiReference,
): OpenApiResponse {
  if (!("$ref" in entry) || typeof entry.$ref !== "string") return entry as OpenApiResponse;
  const response = document.components.responses?.[componentName(entry.$ref, "responses")];
  if (!response) throw new Error(`GitHub's description has a dangling $ref: ${entry.$ref}`);
  return response;
}

function componentName(ref: string, kind: string): string {
  const prefix = `#/components/${kind}/`;
  if (!ref.startsWith(prefix)) throw new Error(`Unexpected $ref in GitHub's description: ${ref}`);
  return ref.slice(prefix.length).replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * Path parameters GitHub marks `x-multi-segment` (a file path in `contents/{path}`, a ref such
 * as `heads/main` in `git/ref/{ref}`) may contain plain `/`; clients also send them as `%2F`.
 */
function multiSegmentNames(
  operations: DescribedOperation[],
  document: OpenApiDocument,
  item: Record<string, unknown>,
): Set<string> {
  const names = new Set<string>();
  const entries: (OpenApiParameter | OpenApiReference)[] = [
    ...((item.parameters ?? []) as (OpenApiParameter | OpenApiReference)[]),
  ];
  for (const operation of operations) {
    const raw = item[operation.method.toLowerCase()] as OpenApiOperation;
    entries.push(...(raw.parameters ?? []));
  }
  for (const entry of entries) {
    const parameter = resolveParameter(document, entry);
    if (parameter.in === "path" && parameter["x-multi-segment"] === true) names.add(parameter.name);
  }
  return names;
}

function compileTemplate(
  template: string,
  multiSegment: Set<string>,
): Pick<PathTemplate, "pattern" | "paramNames" | "rank"> {
  const paramNames: string[] = [];
  let literals = 0;
  let multis = 0;
  const kinds: number[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      if (!segment.includes("{")) {
        literals += 1;
        kinds.push(2);
        return escapeRegExp(segment);
      }
      let multi = false;
      const part = segment
        .split(/(\{[^}]+\})/)
        .map((piece) => {
          const name = /^\{([^}]+)\}$/.exec(piece)?.[1];
          if (name === undefined) return escapeRegExp(piece);
          paramNames.push(name);
          if (!multiSegment.has(name)) return "([^/]+)";
          multi = true;
          return "(.+)";
        })
        .join("");
      multis += multi ? 1 : 0;
      kinds.push(multi ? 0 : 1);
      return part;
    })
    .join("/");
  return { pattern: new RegExp(`^${source}$`), paramNames, rank: [literals, -multis, ...kinds] };
}

/**
 * More literal segments first, then fewer greedy parameters, then literals earlier in the path:
 * `/branches/{branch}/protection` beats `/branches/{branch}` for `/branches/main/protection`.
 */
function compareRanks(a: number[], b: number[]): number {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
