import { describe, expect, it } from 'vitest';
import { printAmount, printCount, printDay, printPercent, printPoints } from './format';

describe('printed cells, as the .xlsx number formats show them', () => {
  it('writes 万元 exactly, grouped, without a trailing point', () => {
    expect(printAmount('5919500')).toBe('5,919,500');
    expect(printAmount('1400000')).toBe('1,400,000');
    expect(printAmount('5459357.2890')).toBe('5,459,357.289');
    expect(printAmount('0.0001')).toBe('0.0001');
    expect(printAmount('-12.50')).toBe('-12.5');
    expect(printAmount('-0.00')).toBe('0');
    // Beyond a double's 15–17 significant digits: still every digit.
    expect(printAmount('12345678901234.5678')).toBe('12,345,678,901,234.5678');
    expect(printAmount(null)).toBe('');
    expect(printAmount('')).toBe('');
  });

  it('writes counts as whole numbers', () => {
    expect(printCount(31)).toBe('31');
    expect(printCount(12345)).toBe('12,345');
    expect(printCount('0')).toBe('0');
    expect(printCount(null)).toBe('');
  });

  it('writes percentages with two decimals and a sign', () => {
    expect(printPercent('83.33')).toBe('83.33%');
    expect(printPercent('4466.67')).toBe('4,466.67%');
    expect(printPercent('0')).toBe('0.00%');
    expect(printPercent(71.32)).toBe('71.32%');
    expect(printPercent(50)).toBe('50.00%');
    expect(printPercent(null)).toBe('');
  });

  it('writes percentage points signed, two decimals', () => {
    expect(printPoints('-10.00')).toBe('-10.00');
    expect(printPoints(-11.97)).toBe('-11.97');
    expect(printPoints(5.5)).toBe('5.50');
    expect(printPoints('-0.00')).toBe('0.00');
    expect(printPoints(undefined)).toBe('');
  });

  it('writes dates as yyyy-mm-dd', () => {
    expect(printDay('2022-04-27')).toBe('2022-04-27');
    expect(printDay('2022-04-27T00:00:00.000Z')).toBe('2022-04-27');
    expect(printDay(null)).toBe('');
  });
});
