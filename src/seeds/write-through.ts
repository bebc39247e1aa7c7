import { Type } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { createValidationPipe } from '../common/errors/validation';

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

/**
 * Runs `work` over the items, `concurrency` at a time. The lines each logs come out in the
 * items' order, so the output reads the same whatever finished first; the first failure
 * stops the rest from starting and is thrown once those under way are done.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, log: (line: string) => void) => Promise<void>,
  log: (line: string) => void,
): Promise<void> {
  const lines = items.map((): string[] => []);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runner = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        await work(items[i] as T, (line) => lines[i]?.push(line));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, runner));
  for (const line of lines.flat()) log(line);
  if (failure) throw failure.error;
}
