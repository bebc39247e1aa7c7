import { describe, expect, it } from 'vitest';
import { asDecimal, toApiValues, toFormValues } from './target-values';

describe('target values on forms', () => {
  it('sends counts as integers and amounts as the exact string typed, leaving blanks out', () => {
    expect(toApiValues({ visits: 3, signed_amount: ' 591.95 ', new_leads: null, completed_investment: '' })).toEqual({ visits: 3, signed_amount: '591.95' });
    expect(toApiValues({ visits: 3, signed_amount: '1' }, ['signed_amount'])).toEqual({ signed_amount: '1' });
  });
  it('fills a form from a target', () => {
    expect(toFormValues({ visits: '8', signed_amount: '800000.5' })).toEqual({ visits: 8, signed_amount: '800000.5' });
  });
  it('reads typed values as decimals for sums', () => {
    expect(asDecimal(3)).toBe('3');
    expect(asDecimal('12.5')).toBe('12.5');
    expect(asDecimal('abc')).toBe('');
    expect(asDecimal(null)).toBe('');
  });
});
