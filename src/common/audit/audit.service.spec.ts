import { diff } from './audit.service';

describe('diff (audit changes)', () => {
  it('keeps only the fields that changed, with from and to', () => {
    const before = { name: '开鲁县', code: '150523', sortOrder: 0 };
    const after = { name: '开鲁县', code: '150523', sortOrder: 2 };
    expect(diff(before, after)).toEqual({ sortOrder: { from: 0, to: 2 } });
  });

  it('is empty when nothing changed', () => {
    expect(diff({ a: 1, b: 'x', c: null, d: [1, 2] }, { a: 1, b: 'x', c: null, d: [1, 2] })).toEqual({});
  });

  it('records a creation as from null and a deletion as to null', () => {
    expect(diff(undefined, { name: '玉米生物', isActive: true })).toEqual({ name: { from: null, to: '玉米生物' }, isActive: { from: null, to: true } });
    expect(diff({ name: '玉米生物' }, null)).toEqual({ name: { from: '玉米生物', to: null } });
  });

  it('treats a missing field and undefined as null, so they are no change', () => {
    expect(diff({ phone: null }, { phone: undefined })).toEqual({});
    expect(diff({}, { phone: null })).toEqual({});
    expect(diff({ phone: null }, {})).toEqual({});
  });

  it('normalises dates to ISO strings: equal instants are no change', () => {
    const at = new Date('2022-04-27T02:00:00.000Z');
    expect(diff({ signedAt: at }, { signedAt: new Date(at.getTime()) })).toEqual({});
    expect(diff({ signedAt: at }, { signedAt: new Date('2022-04-28T02:00:00.000Z') })).toEqual({
      signedAt: { from: '2022-04-27T02:00:00.000Z', to: '2022-04-28T02:00:00.000Z' },
    });
    expect(diff({ dates: [at] }, { dates: [at, at] })).toEqual({
      dates: { from: ['2022-04-27T02:00:00.000Z'], to: ['2022-04-27T02:00:00.000Z', '2022-04-27T02:00:00.000Z'] },
    });
  });

  it('compares arrays by value and order', () => {
    expect(diff({ ids: ['a', 'b'] }, { ids: ['a', 'b'] })).toEqual({});
    expect(diff({ ids: ['a', 'b'] }, { ids: ['b', 'a'] })).toEqual({ ids: { from: ['a', 'b'], to: ['b', 'a'] } });
  });

  it('redacts secrets: a changed hash shows only as "[redacted]"', () => {
    const changes = diff({ passwordHash: '$argon2id$old', tokenVersion: 1, name: 'x' }, { passwordHash: '$argon2id$new', tokenVersion: 2, name: 'x' });
    expect(changes).toEqual({
      passwordHash: { from: '[redacted]', to: '[redacted]' },
      tokenVersion: { from: '[redacted]', to: '[redacted]' },
    });
    expect(JSON.stringify(changes)).not.toContain('argon2');
    expect(diff(undefined, { password: 'plain-text-pw' })).toEqual({ password: { from: '[redacted]', to: '[redacted]' } });
  });

  it('does not mention an unchanged secret at all', () => {
    expect(diff({ passwordHash: 'h', name: 'a' }, { passwordHash: 'h', name: 'b' })).toEqual({ name: { from: 'a', to: 'b' } });
  });

  it('ignores bookkeeping timestamps', () => {
    expect(diff({ updatedAt: new Date(1), createdAt: new Date(1), n: 1 }, { updatedAt: new Date(2), createdAt: new Date(2), n: 1 })).toEqual({});
  });

  it('tells every kind of value from null, and leaves out fields null on both sides', () => {
    expect(diff(undefined, { s: 'x', empty: '', n: null, f: false, z: 0, a: [], o: {} })).toEqual({
      s: { from: null, to: 'x' },
      empty: { from: null, to: '' },
      f: { from: null, to: false },
      z: { from: null, to: 0 },
      a: { from: null, to: [] },
      o: { from: null, to: {} },
    });
    expect(diff({ s: 'x', f: true, same: 'y' }, { s: null, f: null, same: 'y' })).toEqual({ s: { from: 'x', to: null }, f: { from: true, to: null } });
  });
});
