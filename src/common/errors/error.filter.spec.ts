import { Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ErrorFilter, pgClientError } from './error.filter';

/** What the filter answers for `exception`: status and body. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const out = { status: 0, body: {} as Record<string, unknown> };
  const res = {
    headersSent: false,
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      out.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ url: '/x' }) }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return out;
}

const pg = (fields: Record<string, string>) => new QueryFailedError('INSERT …', [], Object.assign(new Error('db'), fields));

describe('ErrorFilter', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    // Hand-written: the PostgreSQL code and what the client must see.
    ['22003', 400, 'VALIDATION_FAILED'], // numeric_value_out_of_range
    ['22P02', 400, 'VALIDATION_FAILED'], // invalid_text_representation
    ['22021', 400, 'VALIDATION_FAILED'], // character_not_in_repertoire
    ['22007', 400, 'VALIDATION_FAILED'], // invalid_datetime_format
    ['22008', 400, 'VALIDATION_FAILED'], // datetime_field_overflow
    ['22001', 400, 'VALIDATION_FAILED'], // string_data_right_truncation
    ['23502', 400, 'VALIDATION_FAILED'], // not_null_violation
    ['23514', 400, 'VALIDATION_FAILED'], // check_violation
    ['23505', 409, 'CONFLICT'],
    ['40001', 409, 'CONFLICT'],
    ['40P01', 409, 'CONFLICT'],
    ['23503', 400, 'REFERENCE_NOT_FOUND'],
    ['23001', 400, 'REFERENCE_NOT_FOUND'],
    ['42P01', 500, 'INTERNAL'], // undefined_table: our fault
    ['53300', 500, 'INTERNAL'], // too_many_connections: our fault
  ])('PostgreSQL %s answers %i %s', (code, status, appCode) => {
    const { status: got, body } = answer(pg({ code }));
    expect({ got, code: body.code }).toEqual({ got: status, code: appCode });
    // Mapped to the client's error, still visible to us: validation should have caught it first.
    expect(warn.mock.calls.some(([fields]) => (fields as { pg?: { code?: string } }).pg?.code === code)).toBe(status < 500);
  });

  it('names the field of a not-null violation as the API names it', () => {
    expect(pgClientError({ code: '23502', column: 'industry_chain_ids' })?.details).toEqual([{ field: 'industryChainIds', message: 'industryChainIds 不能为空' }]);
  });

  it('keeps a 503 (a health check down) a 503 with the checks report, not a 500', () => {
    const { status, body } = answer(new ServiceUnavailableException({ status: 'error', details: { database: { status: 'down' } } }));
    expect(status).toBe(503);
    expect(body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String), details: { database: { status: 'down' } } });
  });
});
