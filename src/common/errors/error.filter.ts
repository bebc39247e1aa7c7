import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, commonErrors, ErrorBody } from './app-error';

/** What PostgreSQL reports about a refused statement (node-postgres' DatabaseError fields). */
interface PgDriverError {
  code?: string;
  column?: string;
  constraint?: string;
  table?: string;
}

/** `industry_chain_ids` → `industryChainIds`: a column named as the API names its field. */
const fieldOf = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * PostgreSQL errors that mean the client sent something wrong, not that we failed: one table
 * for the whole API. Validation should have refused such input first; the filter logs every
 * one it maps at warn, so a gap in validation shows in the log without failing the caller.
 */
export function pgClientError(err: PgDriverError): AppError | undefined {
  const code = err.code ?? '';
  switch (code) {
    case '23505': // unique_violation
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected: the other writer won; a retry succeeds
      return commonErrors('CONFLICT');
    case '23503': // foreign_key_violation
    case '23001': // restrict_violation: still referenced (PostgreSQL 18, ON DELETE RESTRICT)
      return commonErrors('REFERENCE_NOT_FOUND');
    case '23502': {
      // not_null_violation: a field the request left empty
      const field = err.column ? fieldOf(err.column) : 'body';
      const message = `${field} 不能为空`;
      return commonErrors('VALIDATION_FAILED', [{ field, message }], `请求参数不合法：${message}`);
    }
    case '23514': // check_violation: a value the table's rules refuse
      return commonErrors('VALIDATION_FAILED', { constraint: err.constraint ?? null }, '请求参数不合法：取值不符合规则');
  }
  // Class 22, data exceptions: a value the column's type cannot take (22003 out of range, 22P02
  // not a number, 22021 a NUL, 22007/22008 bad or overflowing dates, 22001 too long …).
  if (code.startsWith('22')) return commonErrors('VALIDATION_FAILED', undefined, '请求参数不合法：取值超出允许范围或格式不正确');
  return undefined;
}

/** Every error leaves the API in one shape: `{ statusCode, code, message, details? }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const error = this.toAppError(exception);
    if (error.status >= 500 && error.code !== 'SERVICE_UNAVAILABLE') {
      this.logger.error({ err: exception, path: req.url }, 'unhandled error');
    } else if (exception instanceof QueryFailedError) {
      const { code, constraint, column, table } = exception.driverError as PgDriverError;
      this.logger.warn({ pg: { code, constraint, column, table }, path: req.url, answered: error.code }, 'database refused the input');
    }
    if (res.headersSent) return;
    const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    // A throttle that knows when it ends says so the standard way too (RFC 9110 §10.2.3).
    const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (error.status === HttpStatus.TOO_MANY_REQUESTS && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(error.status).json(body);
  }

  private toAppError(exception: unknown): AppError {
    if (exception instanceof AppError) return exception;
    if (exception instanceof ThrottlerException) return commonErrors('TOO_MANY_REQUESTS');
    if (exception instanceof QueryFailedError) {
      const mapped = pgClientError((exception.driverError ?? {}) as PgDriverError);
      if (mapped) return mapped;
    }
    // body-parser errors carry a `type`; the Express adapter wraps them as the HttpException's cause.
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as { type?: string } | undefined;
    switch (parserError?.type) {
      case 'entity.parse.failed':
        return commonErrors('INVALID_JSON');
      case 'entity.too.large': {
        const limit = (parserError as { limit?: number }).limit;
        return commonErrors('PAYLOAD_TOO_LARGE', limit ? { limitBytes: limit } : undefined, limit ? `请求体过大（上限 ${Math.round(limit / 1024)} KB）` : undefined);
      }
      case 'entity.too.deep': {
        const maxDepth = (parserError as { maxDepth?: number }).maxDepth;
        return commonErrors('BODY_TOO_DEEP', { maxDepth }, `请求体嵌套层级过深（最多 ${maxDepth} 层）`);
      }
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return commonErrors('UNSUPPORTED_MEDIA_TYPE');
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    return commonErrors('INTERNAL');
  }

  private fromHttpException(exception: HttpException): AppError {
    switch (exception.getStatus()) {
      case HttpStatus.NOT_FOUND:
        return commonErrors('ROUTE_NOT_FOUND');
      case HttpStatus.UNAUTHORIZED:
        return commonErrors('UNAUTHENTICATED');
      case HttpStatus.FORBIDDEN:
        return commonErrors('FORBIDDEN');
      case HttpStatus.METHOD_NOT_ALLOWED:
        return commonErrors('METHOD_NOT_ALLOWED');
      case HttpStatus.PAYLOAD_TOO_LARGE:
        return commonErrors('PAYLOAD_TOO_LARGE');
      case HttpStatus.TOO_MANY_REQUESTS:
        return commonErrors('TOO_MANY_REQUESTS');
      case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
        return commonErrors('UNSUPPORTED_MEDIA_TYPE');
      case HttpStatus.SERVICE_UNAVAILABLE: {
        // The health check's answer when a dependency is down: its per-check report as details.
        const response = exception.getResponse();
        const details = typeof response === 'object' && response !== null && 'details' in response ? (response as { details: Record<string, unknown> }).details : undefined;
        return commonErrors('SERVICE_UNAVAILABLE', details);
      }
      default: {
        const status = exception.getStatus();
        if (status >= 500) return commonErrors('INTERNAL');
        return new AppError('BAD_REQUEST', status, '请求无效');
      }
    }
  }
}
