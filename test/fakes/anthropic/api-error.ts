/** The `error.type` the API sends with each status. */
const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const DEFAULT_MESSAGES: Record<number, string> = {
  401: "invalid x-api-key",
  403: "Your API key does not have permission to use the specified resource.",
  404: "Not found",
  413: "Request exceeds the maximum allowed number of bytes.",
  429: "Number of request tokens has exceeded your per-minute rate limit",
  500: "Internal server error",
  504: "Request timed out",
  529: "Overloaded",
};

/** An error answer of the API: status, headers and the `{"type":"error",...}` body. */
export interface ApiError {
  status: number;
  message: string;
  /** `error.details.error_code`, which the SDK turns into a specific error class. */
  errorCode?: string;
  headers?: Record<string, string>;
}

export function createApiError(status: number, message?: string, errorCode?: string): ApiError {
  return {
    status,
    message: message ?? DEFAULT_MESSAGES[status] ?? "Error",
    ...(errorCode ? { errorCode } : {}),
  };
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === "object" && value !== null && "status" in value && "message" in value;
}

export function renderApiErrorBody(error: ApiError, requestId: string): object {
  return {
    type: "error",
    error: {
      type: ERROR_TYPES[error.status] ?? "api_error",
      message: error.message,
      ...(error.errorCode ? { details: { error_code: error.errorCode } } : {}),
    },
    request_id: requestId,
  };
}
