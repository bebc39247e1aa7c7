import { describe, expect, it } from 'vitest';
import { parsePeriodKey, periodKey, periodLabel, periodQuery } from './period';

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
});
