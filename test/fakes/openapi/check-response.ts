import { compileSchema, describeSchemaErrors } from "./compile-schema.ts";
import { isJsonMediaType, matchOperation } from "./github-api-description.ts";

export interface ResponseViolation {
  message: string;
  /** The operation the request was matched to, when it matched one. */
  operationId?: string;
}

export interface CheckResponseOptions {
  /**
   * The response's content type. A non-JSON one (`application/vnd.github.raw` for
   * `mediaType: { format: "raw" }`, `text/plain`) skips the body check: the description only
   * gives schemas for JSON.
   */
  contentType?: string;
}

/**
 * Errors GitHub can answer on almost any operation (auth, rate limits, outages, validation)
 * without the description listing them everywhere. A listed one is still checked.
 */
const GENERIC_ERROR_STATUSES = new Set([401, 403, 404, 409, 422, 429, 500, 502, 503]);

/**
 * Checks a response a fake GitHub is about to send against the description: the status is one
 * the operation can answer, and a JSON body fits the schema given for that status.
 */
export function checkResponse(
  request: { method: string; path: string },
  status: number,
  body: unknown,
  options: CheckResponseOptions = {},
): ResponseViolation[] {
  const method = request.method.toUpperCase();
  const [path = ""] = request.path.split("?", 1);
  const match = matchOperation(method, path);
  if (match.kind !== "operation") {
    return [{ message: `${method} ${path}: no operation in GitHub's REST API takes this request` }];
  }
  const { operation } = match;
  const fail = (problem: string): ResponseViolation[] => [
    { message: `${operation.label}: ${problem}`, operationId: operation.operationId },
  ];
  const described =
    operation.responses[String(status)] ??
    operation.responses[`${String(status)[0]}XX`] ??
    operation.responses.default;
  if (!described) {
    if (GENERIC_ERROR_STATUSES.has(status)) return [];
    const listed = Object.keys(operation.responses).join(", ");
    return fail(`status ${status} is not a response it can give (it lists ${listed})`);
  }
  const sent = body !== undefined && body !== null && body !== "";
  const content = described.content;
  if (!content) return sent ? fail(`the ${status} response has no body, but one was sent`) : [];
  const contentType = options.contentType?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== undefined && !isJsonMediaType(contentType)) return [];
  const jsonType = Object.keys(content).find(isJsonMediaType);
  const schema = jsonType ? content[jsonType]?.schema : undefined;
  if (!schema) return [];
  const validate = compileSchema(schema as object, "json");
  if (validate(body)) return [];
  return describeSchemaErrors(validate.errors, "response").flatMap(fail);
}
