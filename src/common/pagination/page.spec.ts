import { AppError } from '../errors/app-error';
import { decodeCursor, encodeCursor } from './page';

describe('cursor encoding', () => {
  it('round-trips a date string, a number and an id', () => {
    const id = '9b2c1f4e-6a51-4d7e-9a0b-2f6f3c1d8e77';
    expect(decodeCursor(encodeCursor('2022-04-27T02:00:00.000Z', id))).toEqual(['2022-04-27T02:00:00.000Z', id]);
    expect(decodeCursor(encodeCursor(42, id))).toEqual([42, id]);
    expect(decodeCursor(encodeCursor(0, '12345'))).toEqual([0, '12345']);
  });

  it('is URL-safe (base64url: no +, / or =)', () => {
    for (let i = 0; i < 50; i++) {
      const cursor = encodeCursor(`值-${'?'.repeat(i)}~`, `id-${i}`);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });

  const invalid = [
    ['not base64 JSON', 'garbage!!'],
    ['empty', ''],
    ['an object', Buffer.from('{"v":1,"id":"x"}').toString('base64url')],
    ['one element', Buffer.from('["2022-01-01"]').toString('base64url')],
    ['three elements', Buffer.from('[1,"a","b"]').toString('base64url')],
    ['a boolean value', Buffer.from('[true,"a"]').toString('base64url')],
    ['a null value', Buffer.from('[null,"a"]').toString('base64url')],
    ['a numeric id', Buffer.from('[1,2]').toString('base64url')],
    ['an id with SQL in it', Buffer.from(`[1,"a' OR '1'='1"]`).toString('base64url')],
    ['an over-long id', Buffer.from(`[1,"${'a'.repeat(65)}"]`).toString('base64url')],
  ] as const;

  it.each(invalid)('refuses %s with INVALID_CURSOR (400) naming cursor', (_what, cursor) => {
    let caught: unknown;
    try {
      decodeCursor(cursor);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'INVALID_CURSOR', status: 400, details: [{ field: 'cursor', message: expect.any(String) }] });
  });
});
