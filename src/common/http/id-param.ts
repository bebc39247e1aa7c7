import { Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { commonErrors } from '../errors/app-error';

function uuidPipe(name: string, optional = false): ParseUUIDPipe {
  const message = `${name} 必须是合法的 ID`;
  return new ParseUUIDPipe({
    optional,
    exceptionFactory: () => commonErrors('VALIDATION_FAILED', [{ field: name, message }], `请求参数不合法：${message}`),
  });
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const IdParam = (name = 'id') => Param(name, uuidPipe(name));

/** An optional query parameter that, when given, must be a UUID. */
export const OptionalUuidQuery = (name: string) => Query(name, uuidPipe(name, true));
