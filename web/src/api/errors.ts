/** The API's one error shape: `{statusCode, code, message, details?}`. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Array<{ field: string; message: string }> | Record<string, unknown>;
}

/** An error the API answered, or a network failure (status 0, code NETWORK_ERROR). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorBody['details'];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.statusCode;
    this.code = body.code;
    this.details = body.details;
  }

  /** `details` as field errors when the API named fields, else []. */
  get fieldErrors(): Array<{ field: string; message: string }> {
    return Array.isArray(this.details) ? this.details : [];
  }

  static network(): ApiError {
    return new ApiError({ statusCode: 0, code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试（已填写的内容仍保留）' });
  }

  static sessionEnded(): ApiError {
    return new ApiError({ statusCode: 401, code: 'SESSION_ENDED', message: '登录已失效，请重新登录后再试（已填写的内容仍保留）' });
  }
}

/**
 * The ApiError of a refusal whose body has been parsed already (openapi-fetch hands it over as
 * `error` and has consumed the response): the service's own code and Chinese message, or, when
 * the body is not the API's shape (a proxy's HTML page), a notice with the status.
 */
export function apiErrorOf(body: unknown, status: number): ApiError {
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) return new ApiError(body as ApiErrorBody);
  return new ApiError({ statusCode: status, code: `HTTP_${status}`, message: `服务暂时不可用（${status}），请稍后重试` });
}

/** Reads an unread error response (plain fetch), tolerating proxies that answer HTML. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.clone().json();
  } catch {
    /* not JSON */
  }
  return apiErrorOf(body, res.status);
}
