/** Where GitHub's error bodies point; the exact page does not matter to clients. */
export const DOCS_URL = "https://docs.github.com/rest";

/** An error answer a route throws; the pipeline turns it into GitHub's error body. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(body.message ?? status));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** `basic-error`, the body of GitHub's 404/401/403/409 answers. */
export function basicError(status: number, message: string): HttpError {
  return new HttpError(status, { message, documentation_url: DOCS_URL, status: String(status) });
}

export function notFound(): HttpError {
  return basicError(404, "Not Found");
}

export interface FieldError {
  resource: string;
  field: string;
  code: "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  message?: string;
}

/** `validation-error`, GitHub's 422 body. */
export function validationFailed(message: string, errors: FieldError[] = []): HttpError {
  const body: Record<string, unknown> = { message, documentation_url: DOCS_URL, status: "422" };
  if (errors.length > 0) body.errors = errors;
  return new HttpError(422, body);
}
