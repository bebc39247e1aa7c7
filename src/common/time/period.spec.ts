import { periodBounds, periodLabel, timeElapsed } from './period';

describe('periods and 序时进度', () => {
  it.each([
    [{ type: 'year', year: 2022 } as const, '2022-01-01', '2023-01-01'],
    [{ type: 'quarter', year: 2022, quarter: 1 } as const, '2022-01-01', '2022-04-01'],
    [{ type: 'quarter', year: 2022, quarter: 4 } as const, '2022-10-01', '2023-01-01'],
  ])('bounds of %o', (p, start, end) => {
    expect(periodBounds(p)).toEqual({ start, end });
  });

  it('counts the first and last day', () => {
    const y = { type: 'year', year: 2022 } as const;
    expect(timeElapsed(y, '2022-01-01')).toBeCloseTo(1 / 365, 10);
    expect(timeElapsed(y, '2022-12-31')).toBe(1);
    expect(timeElapsed(y, '2021-12-31')).toBe(0);
    expect(timeElapsed(y, '2023-01-01')).toBe(1);
  });

  it('knows a leap year has 366 days', () => {
    const y = { type: 'year', year: 2024 } as const;
    expect(timeElapsed(y, '2024-02-29')).toBeCloseTo(60 / 366, 10);
    expect(timeElapsed(y, '2024-07-01')).toBeCloseTo(183 / 366, 10);
  });

  it('measures a quarter (Q1 2024: 91 days)', () => {
    const q = { type: 'quarter', year: 2024, quarter: 1 } as const;
    expect(timeElapsed(q, '2024-03-31')).toBe(1);
    expect(timeElapsed(q, '2024-02-15')).toBeCloseTo(46 / 91, 10);
    expect(periodLabel(q)).toBe('2024年第一季度');
  });
});
