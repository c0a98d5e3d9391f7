import { createRequire } from "node:module";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

type WebhookOperation = {
  post: {
    operationId: string;
    requestBody: { content: { "application/json": { schema: { $ref: string } } } };
  };
};
type WebhooksDocument = {
  webhooks: Record<string, WebhookOperation>;
  components: Record<string, unknown>;
};

const DOCUMENT_ID = "https://fanout.test/openapi-webhooks.json";
const MAX_MESSAGES = 20;

const require = createRequire(import.meta.url);

let webhooksDocument: WebhooksDocument | undefined;
let ajv: Ajv2020 | undefined;
let keysByOperation: Map<string, string> | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * Problems with `payload` as the body of a `name` webhook, judged by GitHub's own description of
 * its webhooks (`@octokit/openapi-webhooks`); empty when GitHub could have sent it. `name` is the
 * `X-GitHub-Event` value (`issues`), optionally with the action (`issues.labeled`), which must
 * then agree with `payload.action`. Each message names the webhook and the offending field.
 */
export function checkWebhookPayload(name: string, payload: unknown): string[] {
  const [event = "", expectedAction] = name.split(/\.(.*)/s);
  const action = actionOf(payload);
  if (expectedAction !== undefined && action !== expectedAction) {
    return [`${name}: \`action\` must be "${expectedAction}" (got ${describe(action)})`];
  }
  const label = action === undefined ? event : `${event}.${action}`;
  const key = findWebhookKey(event, action);
  if (key === undefined) {
    return [
      `${label}: GitHub describes no such webhook (event "${event}", action ${describe(action)})`,
    ];
  }
  const validate = validatorFor(key);
  if (validate(payload)) return [];
  return describeErrors(validate.errors ?? []).map((message) => `${label}: ${message}`);
}

/**
 * The key of `webhooks` in the OpenAPI document (`issues-labeled`, `workflow-dispatch`) for an
 * event and action as they appear in the header and payload (`issues`, `labeled`). Looked up
 * through `operationId` rather than spelled out, because a few keys differ from the action
 * (`custom_property.promote_to_enterprise` is `custom-property-promoted-to-enterprise`).
 */
export function findWebhookKey(event: string, action: string | undefined): string | undefined {
  keysByOperation ??= new Map(
    Object.entries(loadDocument().webhooks).map(([key, operation]) => [
      operation.post.operationId,
      key,
    ]),
  );
  const hyphenated = (text: string) => text.replaceAll("_", "-");
  if (action !== undefined) {
    const withAction = keysByOperation.get(`${hyphenated(event)}/${hyphenated(action)}`);
    if (withAction) return withAction;
  }
  // Events without actions (push, create, workflow_dispatch) have a key of their own.
  return keysByOperation.get(hyphenated(event));
}

function actionOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("action" in payload)) return undefined;
  return typeof payload.action === "string" ? payload.action : undefined;
}

function loadDocument(): WebhooksDocument {
  webhooksDocument ??= require("@octokit/openapi-webhooks/generated/api.github.com.json");
  return webhooksDocument!;
}

function validatorFor(key: string): ValidateFunction {
  const cached = validators.get(key);
  if (cached) return cached;
  const instance = loadAjv();
  const webhook = loadDocument().webhooks[key]!;
  const ref = webhook.post.requestBody.content["application/json"].schema.$ref;
  // Compiles only the schemas this webhook reaches, the first time a test needs it.
  const validate = instance.compile({ $ref: `${DOCUMENT_ID}${ref}` });
  validators.set(key, validate);
  return validate;
}

function loadAjv(): Ajv2020 {
  if (ajv) return ajv;
  // OpenAPI 3.1 schemas are JSON Schema 2020-12. Strict mode stays on (unknown keywords and
  // formats fail loudly) except for two things GitHub's schemas do on purpose: union types
  // (`type: ["string", "null"]`) and `required` next to properties declared in an `allOf` branch.
  const instance = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats.default(instance);
  // OpenAPI's own annotation keyword, and the container the `$ref`s point into.
  instance.addKeyword("example");
  instance.addKeyword("components");
  instance.addSchema({ $id: DOCUMENT_ID, components: loadDocument().components });
  ajv = instance;
  return instance;
}

/**
 * Ajv's errors, made readable: a field path instead of a JSON pointer, and without the noise of
 * `anyOf` alternatives (a nullable object that fails reports "must be null" as well as the real
 * reason; only the real reason is kept).
 */
function describeErrors(errors: ErrorObject[]): string[] {
  const hasDeeper = (error: ErrorObject) =>
    errors.some(
      (other) =>
        other !== error &&
        !isAlternativeNoise(other) &&
        isAtOrUnder(other.instancePath, error.instancePath) &&
        other.keyword !== "anyOf" &&
        other.keyword !== "oneOf",
    );
  const kept = errors.filter((error) => {
    if (error.keyword === "anyOf" || error.keyword === "oneOf") return !hasDeeper(error);
    if (isAlternativeNoise(error)) return !hasDeeper(error);
    return true;
  });
  const messages = [...new Set(kept.map(describeError))];
  if (messages.length <= MAX_MESSAGES) return messages;
  return [...messages.slice(0, MAX_MESSAGES), `… and ${messages.length - MAX_MESSAGES} more`];
}

function isAtOrUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function isAlternativeNoise(error: ErrorObject): boolean {
  return error.keyword === "type" && error.params.type === "null";
}

function describeError(error: ErrorObject): string {
  const field = fieldOf(error.instancePath);
  switch (error.keyword) {
    case "required":
      return `\`${joinField(field, error.params.missingProperty)}\` is required but missing`;
    case "additionalProperties":
      return `\`${joinField(field, error.params.additionalProperty)}\` is not a field GitHub sends here`;
    case "enum":
      return `\`${field}\` must be one of ${error.params.allowedValues.map(describe).join(", ")} (got ${describe(error.data)})`;
    case "const":
      return `\`${field}\` must be ${describe(error.params.allowedValue)} (got ${describe(error.data)})`;
    case "type":
      return `\`${field}\` must be ${[error.params.type].flat().join(" or ")} (got ${describe(error.data)})`;
    default:
      return `\`${field}\` ${error.message ?? "is invalid"} (got ${describe(error.data)})`;
  }
}

/** `/issue/labels/0/name` → `issue.labels[0].name`; the whole payload is `payload`. */
function fieldOf(instancePath: string): string {
  if (instancePath === "") return "payload";
  return instancePath
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((path, segment) => {
      if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
      return path === "" ? segment : `${path}.${segment}`;
    }, "");
}

function joinField(parent: string, child: string): string {
  return parent === "payload" ? child : `${parent}.${child}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
