import { describe, expect, it } from 'vitest';
import { parsePeriodKey, parseUpToMonth, periodKey, periodLabel, periodQuery } from './period';

describe('periods', () => {
  it('round-trips through the address bar', () => {
    expect(parsePeriodKey('2022')).toEqual({ periodType: 'year', year: 2022 });
    expect(parsePeriodKey('2022Q2')).toEqual({ periodType: 'quarter', year: 2022, quarter: 2 });
    expect(parsePeriodKey('2022Q5')).toBeNull();
    expect(parsePeriodKey(null)).toBeNull();
    expect(periodKey({ periodType: 'quarter', year: 2022, quarter: 3 })).toBe('2022Q3');
  });
  it('reads in Chinese and queries the API', () => {
    expect(periodLabel({ periodType: 'quarter', year: 2022, quarter: 1 })).toBe('2022年第一季度');
    expect(periodLabel({ periodType: 'year', year: 2022 })).toBe('2022年');
    expect(periodQuery({ periodType: 'year', year: 2022, quarter: 2 })).toEqual({ periodType: 'year', year: 2022 });
  });
  it('reads 1–N月 from the address bar, nothing else', () => {
    expect(parseUpToMonth('1')).toBe(1);
    expect(parseUpToMonth('10')).toBe(10);
    expect(parseUpToMonth('12')).toBe(12);
    for (const bad of [null, '', '0', '13', '1.5', '-1', ' 3', 'abc']) expect(parseUpToMonth(bad)).toBeUndefined();
  });
});
