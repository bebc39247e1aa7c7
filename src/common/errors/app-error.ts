import { HttpStatus } from '@nestjs/common';

/** One field that failed, by its path in the request (`members[2].userId`). */
export interface FieldIssue {
  field: string;
  message: string;
}

export type ErrorDetails = FieldIssue[] | Record<string, unknown>;

/** The body of every error response. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetails;
}

/**
 * An error the API reports as it is: a stable `code` for programs, a Chinese `message`
 * for people, `details` naming fields or the conflicting record.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export type ErrorTable = Record<string, readonly [HttpStatus, string]>;

/**
 * Declares a module's error codes once, with their status and default message, and
 * returns a typed factory: `throw teamErrors('TEAM_NOT_FOUND')`.
 */
export function defineErrors<const T extends ErrorTable>(table: T) {
  return (code: keyof T & string, details?: ErrorDetails, message?: string): AppError => {
    const [status, text] = table[code];
    return new AppError(code, status, message ?? text, details);
  };
}

/** Errors that belong to no single domain. */
export const commonErrors = defineErrors({
  VALIDATION_FAILED: [HttpStatus.BAD_REQUEST, '请求参数不合法'],
  INVALID_JSON: [HttpStatus.BAD_REQUEST, '请求体不是合法的 JSON'],
  BODY_TOO_DEEP: [HttpStatus.BAD_REQUEST, '请求体嵌套层级过深'],
  INVALID_CURSOR: [HttpStatus.BAD_REQUEST, '分页游标无效'],
  UNAUTHENTICATED: [HttpStatus.UNAUTHORIZED, '请先登录'],
  FORBIDDEN: [HttpStatus.FORBIDDEN, '没有权限执行此操作'],
  NOT_FOUND: [HttpStatus.NOT_FOUND, '资源不存在'],
  ROUTE_NOT_FOUND: [HttpStatus.NOT_FOUND, '接口不存在'],
  METHOD_NOT_ALLOWED: [HttpStatus.METHOD_NOT_ALLOWED, '不支持的请求方法'],
  CONFLICT: [HttpStatus.CONFLICT, '数据冲突，请刷新后重试'],
  REFERENCE_NOT_FOUND: [HttpStatus.BAD_REQUEST, '引用的记录不存在'],
  PAYLOAD_TOO_LARGE: [HttpStatus.PAYLOAD_TOO_LARGE, '请求体过大'],
  UNSUPPORTED_MEDIA_TYPE: [HttpStatus.UNSUPPORTED_MEDIA_TYPE, '不支持的内容类型'],
  SERVICE_UNAVAILABLE: [HttpStatus.SERVICE_UNAVAILABLE, '服务暂时不可用，请稍后再试'],
  TOO_MANY_REQUESTS: [HttpStatus.TOO_MANY_REQUESTS, '请求过于频繁，请稍后再试'],
  INTERNAL: [HttpStatus.INTERNAL_SERVER_ERROR, '服务器内部错误'],
});

/** 404 for anything missing or outside the caller's scope: the two must look the same. */
export const notFound = (entity: string): AppError => commonErrors('NOT_FOUND', { entity });
