import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError, commonErrors, ErrorBody } from './app-error';

/** PostgreSQL error codes that mean the client sent something wrong, not that we failed. */
const PG_CLIENT_ERRORS: Record<string, () => AppError> = {
  '23505': () => commonErrors('CONFLICT'), // unique_violation
  '23503': () => commonErrors('REFERENCE_NOT_FOUND'), // foreign_key_violation
  '23001': () => commonErrors('CONFLICT'), // restrict_violation: still referenced (PostgreSQL 18, ON DELETE RESTRICT)
  '40001': () => commonErrors('CONFLICT'), // serialization_failure
  '22P02': () => commonErrors('VALIDATION_FAILED'), // invalid_text_representation
  '22021': () => commonErrors('VALIDATION_FAILED'), // character_not_in_repertoire: a NUL (\u0000) in a string
};

/** Every error leaves the API in one shape: `{ statusCode, code, message, details? }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const error = this.toAppError(exception);
    if (error.status >= 500) {
      this.logger.error({ err: exception, path: req.url }, 'unhandled error');
    }
    if (res.headersSent) return;
    const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    res.status(error.status).json(body);
  }

  private toAppError(exception: unknown): AppError {
    if (exception instanceof AppError) return exception;
    if (exception instanceof ThrottlerException) return commonErrors('TOO_MANY_REQUESTS');
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      const mapped = code ? PG_CLIENT_ERRORS[code] : undefined;
      if (mapped) return mapped();
    }
    // body-parser errors carry a `type`; the Express adapter wraps them as the HttpException's cause.
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as { type?: string } | undefined;
    switch (parserError?.type) {
      case 'entity.parse.failed':
        return commonErrors('INVALID_JSON');
      case 'entity.too.large':
        return commonErrors('PAYLOAD_TOO_LARGE');
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
      default: {
        const status = exception.getStatus();
        if (status >= 500) return commonErrors('INTERNAL');
        return new AppError('BAD_REQUEST', status, '请求无效');
      }
    }
  }
}
