import { compileSchema, describeSchemaErrors } from "./compile-schema.ts";
import {
  type DescribedOperation,
  type DescribedParameter,
  isJsonMediaType,
  matchOperation,
} from "./github-api-description.ts";

export type QueryValue = string | number | boolean | readonly (string | number | boolean)[];

export interface GitHubRequest {
  method: string;
  /** The URL path relative to the API root, still percent-encoded: `/repos/o/r/contents/a%2Fb`. */
  path: string;
  query?: URLSearchParams | Record<string, QueryValue | undefined>;
  /** The request body, already parsed from JSON; `undefined` (or `""`) when none was sent. */
  body?: unknown;
  headers?: Headers | Record<string, string | undefined>;
  /** A body was sent but could not be read (a stream): check only path, method and query. */
  skipBodyCheck?: boolean;
}

export interface RequestViolation {
  message: string;
  /** The operation the request was matched to, when it matched one. */
  operationId?: string;
}

/**
 * Checks one request against GitHub's REST API description: the path and method exist, path
 * and query parameters fit their schemas (URL strings converted first, as GitHub reads them),
 * no unknown query parameters, and the JSON body fits the request body schema.
 */
export function checkRequest(request: GitHubRequest): RequestViolation[] {
  const method = request.method.toUpperCase();
  const [path = "", queryString] = request.path.split("?", 2);
  const match = matchOperation(method, path);
  if (match.kind === "unknown-path") {
    return [{ message: `${method} ${path}: no operation in GitHub's REST API has this path` }];
  }
  if (match.kind === "method-not-allowed") {
    const allowed = match.allowed.join(", ");
    return [
      {
        message: `${method} ${path}: ${match.template} does not take ${method} (it takes ${allowed})`,
      },
    ];
  }
  const { operation, pathParams } = match;
  const problems = [
    ...checkPathParameters(operation, pathParams),
    ...checkQueryParameters(operation, collectQuery(request.query, queryString)),
    ...(request.skipBodyCheck
      ? []
      : checkBody(operation, request.body, readContentType(request.headers))),
  ];
  return problems.map((problem) => ({
    message: `${operation.label}: ${problem}`,
    operationId: operation.operationId,
  }));
}

/** `checkRequest` for tests that want to fail loudly: throws with every violation, one a line. */
export function assertValidRequest(request: GitHubRequest): void {
  const violations = checkRequest(request);
  if (violations.length === 0) return;
  throw new Error(
    `Request does not fit GitHub's OpenAPI description:\n${violations.map((v) => v.message).join("\n")}`,
  );
}

function checkPathParameters(
  operation: DescribedOperation,
  values: Record<string, string>,
): string[] {
  const validate = compileSchema(parameterObjectSchema(operation, "path"), "parameters");
  const data: Record<string, unknown> = { ...values };
  if (validate(data)) return [];
  return describeSchemaErrors(validate.errors, "path");
}

function checkQueryParameters(
  operation: DescribedOperation,
  query: Map<string, string[]>,
): string[] {
  const described = operation.parameters.filter((parameter) => parameter.in === "query");
  const known = new Map(described.map((parameter) => [parameter.name, parameter]));
  const problems: string[] = [];
  const data: Record<string, unknown> = {};
  for (const [name, values] of query) {
    const parameter = known.get(name);
    if (!parameter) {
      const names = [...known.keys()];
      const takes = names.length > 0 ? `it takes ${names.join(", ")}` : "it takes none";
      problems.push(`query.${name} is not a query parameter of this operation (${takes})`);
      continue;
    }
    data[name] = readQueryValue(parameter, values);
  }
  const validate = compileSchema(parameterObjectSchema(operation, "query"), "parameters");
  if (!validate(data)) problems.push(...describeSchemaErrors(validate.errors, "query"));
  return problems;
}

/**
 * One query value, or several for a parameter given more than once. Octokit joins an array
 * parameter with commas (`sort=a,b`), which GitHub reads as a list for array-typed parameters.
 */
function readQueryValue(parameter: DescribedParameter, values: string[]): unknown {
  const schema = parameter.schema as { type?: unknown };
  if (schema.type === "array") return values.flatMap((value) => value.split(","));
  return values.length === 1 ? values[0] : values;
}

function checkBody(
  operation: DescribedOperation,
  body: unknown,
  contentType: string | undefined,
): string[] {
  const sent = body !== undefined && body !== "";
  const requestBody = operation.requestBody;
  if (!requestBody?.content) {
    return sent ? ["body was sent, but this operation takes no request body"] : [];
  }
  const mediaTypes = Object.keys(requestBody.content);
  if (sent && contentType !== undefined && !isJsonMediaType(contentType)) {
    if (mediaTypes.includes(contentType)) return [];
    return [`body has content-type ${contentType}; this operation takes ${mediaTypes.join(", ")}`];
  }
  const jsonType = mediaTypes.find(isJsonMediaType);
  const schema = jsonType ? requestBody.content[jsonType]?.schema : undefined;
  if (!schema) {
    return sent ? [`body is JSON; this operation takes ${mediaTypes.join(", ")}`] : [];
  }
  if (!sent && !requestBody.required) return [];
  // Octokit sends no body (or an empty one) when no body parameters were given; GitHub reads
  // that as `{}`, so a missing body is wrong exactly when `{}` would be.
  const data = sent ? body : {};
  const validate = compileSchema(schema as object, "json");
  if (validate(data)) return [];
  return describeSchemaErrors(validate.errors, "body");
}

const parameterObjects = new Map<string, object>();

/** An operation's path or query parameters as one object schema, so one Ajv call checks all. */
function parameterObjectSchema(operation: DescribedOperation, location: "path" | "query"): object {
  const key = `${location} ${operation.method} ${operation.template}`;
  let schema = parameterObjects.get(key);
  if (!schema) {
    const described = operation.parameters.filter((parameter) => parameter.in === location);
    schema = {
      type: "object",
      properties: Object.fromEntries(
        described.map((parameter) => [parameter.name, parameter.schema]),
      ),
      required: described
        .filter((parameter) => parameter.required)
        .map((parameter) => parameter.name),
    };
    parameterObjects.set(key, schema);
  }
  return schema;
}

function collectQuery(
  query: GitHubRequest["query"],
  queryString: string | undefined,
): Map<string, string[]> {
  const collected = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    collected.set(name, [...(collected.get(name) ?? []), value]);
  };
  if (queryString) for (const [name, value] of new URLSearchParams(queryString)) add(name, value);
  if (query instanceof URLSearchParams) {
    for (const [name, value] of query) add(name, value);
  } else if (query) {
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      const list = Array.isArray(value) ? value : [value];
      for (const item of list) add(name, String(item));
    }
  }
  return collected;
}

function readContentType(headers: GitHubRequest["headers"]): string | undefined {
  if (!headers) return undefined;
  const value =
    headers instanceof Headers
      ? headers.get("content-type")
      : Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  return value?.split(";")[0]?.trim().toLowerCase() || undefined;
}
