import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { SCROLL_TO_ERROR } from '../theme';
import { besideField, clearFieldErrors, parseFieldPath, showFieldErrors, showNestedFieldErrors } from './form-errors';

describe('API field names on forms', () => {
  it('parses nested and indexed field names', () => {
    expect(parseFieldPath('allocations[0].values.signed_amount')).toEqual(['allocations', 0, 'values', 'signed_amount']);
    expect(parseFieldPath('values.visits')).toEqual(['values', 'visits']);
    expect(parseFieldPath('participantIds[2]')).toEqual(['participantIds', 2]);
    expect(parseFieldPath('teamId')).toEqual(['teamId']);
  });

  it('sets each message on the longest path the form has, and returns the rest', () => {
    const set: Array<{ name: unknown; errors: string[] }> = [];
    const form = { setFields: (f: typeof set) => set.push(...f), getFieldsError: () => [], scrollToField: () => undefined } as never;
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

  it('clears the errors a failed save left before placing new ones, and scrolls to the first', () => {
    // A fake form: the errors it holds, and where it was asked to scroll.
    const errors = new Map<string, string[]>([
      ['creditCode', ['校验位应为 L']],
      ['name', []],
    ]);
    const scrolled: unknown[] = [];
    const form = {
      getFieldsError: () => [...errors].map(([name, e]) => ({ name: [name], errors: e, warnings: [] })),
      setFields: (fs: Array<{ name: string | string[]; errors: string[] }>) => fs.forEach((f) => errors.set([f.name].flat().join('.'), f.errors)),
      scrollToField: (name: unknown, options: unknown) => scrolled.push([name, options]),
    } as never;

    clearFieldErrors(form);
    expect(Object.fromEntries(errors)).toEqual({ creditCode: [], name: [] });

    errors.set('creditCode', ['校验位应为 L']);
    const error = new ApiError({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', details: [{ field: 'landline', message: '座机格式不正确' }, { field: 'secret', message: '不认识' }] });
    expect(showFieldErrors(form, error, ['creditCode', 'landline'])).toEqual(['secret：不认识']);
    expect(Object.fromEntries(errors)).toEqual({ creditCode: [], name: [], landline: ['座机格式不正确'] });
    expect(scrolled).toEqual([['landline', SCROLL_TO_ERROR]]);
  });

  it('drops the code name the service starts a message with, beside the field whose label says it', () => {
    expect(besideField('landline', 'landline 格式不正确')).toBe('格式不正确');
    expect(besideField('intendedAmount', 'intendedAmount 过大：不能大于 1000000000')).toBe('过大：不能大于 1000000000');
    expect(besideField('allocations[1].values.visits', 'allocations[1].values.visits 必须是整数')).toBe('必须是整数');
    // A message of the DTO's own wording, or naming another field, stays as written.
    expect(besideField('landline', '座机号格式不正确，应如 0475-8231234')).toBe('座机号格式不正确，应如 0475-8231234');
    expect(besideField('land', 'landline 格式不正确')).toBe('landline 格式不正确');

    const set: Array<{ name: unknown; errors: string[] }> = [];
    const form = { setFields: (f: typeof set) => set.push(...f), getFieldsError: () => [], scrollToField: () => undefined } as never;
    const error = new ApiError({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', details: [{ field: 'mobile', message: 'mobile 格式不正确' }] });
    showFieldErrors(form, error, ['mobile']);
    expect(set).toEqual([{ name: 'mobile', errors: ['格式不正确'] }]);
  });
});
