import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { bearerLooksValid, jsonDepthExceeds } from './json-body';
import { findMalformedText } from './request-text';

/** Depth by an independent route: JSON.parse, then a recursive walk (fine for the small values generated here). */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonDepthExceeds', () => {
  it('agrees with the parsed depth for any JSON value, strings full of brackets, quotes and escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(jsonDepthExceeds(bytes(text), limit)).toBe(depthOf(value) > limit);
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it('counts brackets inside strings as text, and escaped quotes as part of the string', () => {
    expect(jsonDepthExceeds(bytes(JSON.stringify({ a: '[[[[{{{{' })), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes(JSON.stringify({ a: 'say \\"[[[[\\" and "{{{"' })), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes(JSON.stringify({ 中文: ['括号[['] })), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(JSON.stringify({ 中文: [['括号']] })), 2)).toBe(true);
  });

  it('scans a body nested a million levels deep without recursion', () => {
    const deep = bytes('['.repeat(500_000) + ']'.repeat(500_000));
    expect(jsonDepthExceeds(deep, 32)).toBe(true);
    expect(jsonDepthExceeds(bytes('['.repeat(32) + ']'.repeat(32)), 32)).toBe(false);
    expect(jsonDepthExceeds(bytes('['.repeat(33) + ']'.repeat(33)), 32)).toBe(true);
  });
});

describe('bearerLooksValid', () => {
  const secret = Buffer.from('a-secret-of-at-least-thirty-two-characters');
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const sign = (payload: object, key = secret) => {
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
    return `Bearer ${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
  };
  const now = 1_800_000_000;

  it('takes a token signed with the secret that has not expired', () => {
    expect(bearerLooksValid(sign({ sub: 'x', exp: now + 60 }), secret, now)).toBe(true);
  });

  it('refuses an expired token, one without expiry, one signed with another key, and a tampered payload', () => {
    expect(bearerLooksValid(sign({ sub: 'x', exp: now - 1 }), secret, now)).toBe(false);
    expect(bearerLooksValid(sign({ sub: 'x' }), secret, now)).toBe(false);
    expect(bearerLooksValid(sign({ sub: 'x', exp: now + 60 }, Buffer.from('another-secret')), secret, now)).toBe(false);
    const [head, , sig] = sign({ sub: 'x', exp: now + 60 }).slice(7).split('.');
    expect(bearerLooksValid(`Bearer ${head}.${b64({ sub: 'admin', exp: now + 60 })}.${sig}`, secret, now)).toBe(false);
  });

  it('refuses any generated header that is not such a token', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `Bearer ${s}`), fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((p) => `Bearer ${p.join('.')}`)), (header) => {
        expect(bearerLooksValid(header, secret, now)).toBe(false);
      }),
      { seed: 12, numRuns: 300 },
    );
    expect(bearerLooksValid(undefined, secret, now)).toBe(false);
  });
});

describe('findMalformedText', () => {
  it('finds a NUL or a lone surrogate anywhere, naming its path, and passes well-formed text', () => {
    expect(findMalformedText({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({ field: 'a[1].c', message: expect.stringContaining('空字符') });
    expect(findMalformedText({ email: 'a\ud800@x.cn' })).toEqual({ field: 'email', message: expect.stringContaining('代理字符') });
    expect(findMalformedText({ email: 'a\udc00@x.cn' })?.field).toBe('email');
    expect(findMalformedText('\ud800', 'q')?.field).toBe('q');
    expect(findMalformedText({ ['k\u0000']: 1 })?.field).toBe('k\u0000');
    expect(findMalformedText({ name: '😀 通辽市 \ud83d\ude00', list: ['ok'] })).toBeNull();
  });

  it('agrees with String.prototype.isWellFormed on generated strings', () => {
    const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const expected = isWellFormed(s) && !s.includes('\u0000');
        expect(findMalformedText({ nested: [s] }) === null).toBe(expected);
      }),
      { seed: 12, numRuns: 1000 },
    );
  });

  it('walks a value nested a hundred thousand levels deep without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findMalformedText(deep)?.message).toContain('空字符');
  });
});
