import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { parseFieldPath, showNestedFieldErrors } from './form-errors';

describe('API field names on forms', () => {
  it('parses nested and indexed field names', () => {
    expect(parseFieldPath('allocations[0].values.signed_amount')).toEqual(['allocations', 0, 'values', 'signed_amount']);
    expect(parseFieldPath('values.visits')).toEqual(['values', 'visits']);
    expect(parseFieldPath('participantIds[2]')).toEqual(['participantIds', 2]);
    expect(parseFieldPath('teamId')).toEqual(['teamId']);
  });

  it('sets each message on the longest path the form has, and returns the rest', () => {
    const set: Array<{ name: unknown; errors: string[] }> = [];
    const form = { setFields: (f: typeof set) => set.push(...f) } as never;
    const error = new ApiError({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'x',
      details: [
        { field: 'allocations[1].values.visits', message: '过小' },
        { field: 'allocations[1].teamId', message: '不在范围内' },
        { field: 'allocations[1].values.visits', message: '必须是整数' },
        { field: 'formula', message: '不合法' },
      ],
    });
    const known = (p: Array<string | number>) => (p[0] === 'allocations' && p.length >= 3 ? p : null);
    const rest = showNestedFieldErrors(form, error, known);
    expect(rest).toEqual(['不合法']);
    expect(set).toEqual([
      { name: ['allocations', 1, 'values', 'visits'], errors: ['过小', '必须是整数'] },
      { name: ['allocations', 1, 'teamId'], errors: ['不在范围内'] },
    ]);
  });
});
