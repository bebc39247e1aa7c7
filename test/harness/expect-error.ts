import type { Response } from 'supertest';

const ERROR_KEYS = ['code', 'details', 'message', 'statusCode'];

/**
 * Asserts an error response: the status, the stable code, the one error shape
 * `{ statusCode, code, message, details? }` and nothing else, and — when `field` is given —
 * that `details` names that field.
 */
export function expectError(res: Response, status: number, code: string, field?: string): void {
  const summary = `${res.status} ${JSON.stringify(res.body)}`;
  expect({ status: res.status, code: res.body?.code, summary }).toEqual({ status, code, summary });
  expect(ERROR_KEYS).toEqual(expect.arrayContaining(Object.keys(res.body)));
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(fieldsOf(res)).toContain(field);
}

/** The field paths an error's `details` names. */
export function fieldsOf(res: Response): string[] {
  const details: unknown = res.body?.details;
  return Array.isArray(details) ? details.map((d: { field?: string }) => d.field ?? '') : [];
}
