import { Type } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { createValidationPipe } from '../../common/errors/validation';

/** The API's own ValidationPipe: what the seed writes passes the checks a request body would. */
export async function validate<T>(dtoClass: Type<T>, value: object): Promise<T> {
  return (await createValidationPipe().transform(value, { type: 'body', metatype: dtoClass })) as T;
}

/** Runs one write; a refusal names the record, the error code and the fields. */
export async function attempt<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError) {
      const details = err.details ? ` ${JSON.stringify(err.details)}` : '';
      throw new Error(`${what}失败：${err.code} ${err.message}${details}`, { cause: err });
    }
    throw err;
  }
}
