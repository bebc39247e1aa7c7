import { periodBounds, periodLabel, timeElapsed, timeElapsedNow } from './period';

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

describe('periodBounds, periodLabel', () => {
  it.each([
    [1, '2023-01-01', '2023-04-01', '2023年第一季度'],
    [2, '2023-04-01', '2023-07-01', '2023年第二季度'],
    [3, '2023-07-01', '2023-10-01', '2023年第三季度'],
    [4, '2023-10-01', '2024-01-01', '2023年第四季度'],
  ])('quarter %i of 2023 runs %s to %s (%s)', (quarter, start, end, label) => {
    const q = { type: 'quarter', year: 2023, quarter } as const;
    expect(periodBounds(q)).toEqual({ start, end });
    expect(periodLabel(q)).toBe(label);
  });

  it('labels a year', () => {
    expect(periodLabel({ type: 'year', year: 2024 })).toBe('2024年');
    expect(periodBounds({ type: 'year', year: 2024 })).toEqual({ start: '2024-01-01', end: '2025-01-01' });
  });
});

describe('timeElapsed (序时进度)', () => {
  const year = (y: number) => ({ type: 'year', year: y }) as const;
  const quarter = (y: number, q: number) => ({ type: 'quarter', year: y, quarter: q }) as const;

  it('is 0 before the period and 1 from its end on', () => {
    expect(timeElapsed(year(2023), '2022-06-30')).toBe(0);
    expect(timeElapsed(year(2023), '2024-01-01')).toBe(1);
    expect(timeElapsed(year(2023), '2031-05-05')).toBe(1);
    expect(timeElapsed(quarter(2023, 2), '2023-03-31')).toBe(0);
    expect(timeElapsed(quarter(2023, 2), '2023-07-01')).toBe(1);
    expect(timeElapsed(quarter(2023, 4), '2024-01-01')).toBe(1);
  });

  it('counts the first day as one day gone and the last day as the whole period', () => {
    expect(timeElapsed(year(2023), '2023-01-01')).toBe(1 / 365);
    expect(timeElapsed(year(2023), '2023-12-31')).toBe(1);
    expect(timeElapsed(year(2024), '2024-01-01')).toBe(1 / 366);
    expect(timeElapsed(year(2024), '2024-12-31')).toBe(1);
    expect(timeElapsed(year(2024), '2024-12-30')).toBe(365 / 366);
  });

  it.each([
    // quarter, first day, last day, days (2023, not a leap year)
    [1, '2023-01-01', '2023-03-31', 90],
    [2, '2023-04-01', '2023-06-30', 91],
    [3, '2023-07-01', '2023-09-30', 92],
    [4, '2023-10-01', '2023-12-31', 92],
  ])('quarter %i of 2023: %s is 1/N, %s is 100%% (N = %i)', (q, first, last, n) => {
    expect(timeElapsed(quarter(2023, q), first)).toBe(1 / n);
    expect(timeElapsed(quarter(2023, q), last)).toBe(1);
  });

  it('gives a leap year its Feb 29 (366 days; Q1 has 91)', () => {
    expect(timeElapsed(year(2024), '2024-02-28')).toBe(59 / 366);
    expect(timeElapsed(year(2024), '2024-02-29')).toBe(60 / 366);
    expect(timeElapsed(year(2024), '2024-03-01')).toBe(61 / 366);
    expect(timeElapsed(quarter(2024, 1), '2024-02-29')).toBe(60 / 91);
    expect(timeElapsed(quarter(2024, 1), '2024-03-01')).toBe(61 / 91);
    // 2023 has no Feb 29: 1 March is day 60 of 365, and Q1 has 90 days.
    expect(timeElapsed(year(2023), '2023-03-01')).toBe(60 / 365);
    expect(timeElapsed(quarter(2023, 1), '2023-03-01')).toBe(60 / 90);
    // 2100 is not a leap year, 2000 is.
    expect(timeElapsed(year(2100), '2100-12-31')).toBe(1);
    expect(timeElapsed(year(2100), '2100-03-01')).toBe(60 / 365);
    expect(timeElapsed(year(2000), '2000-03-01')).toBe(61 / 366);
  });

  it('is exactly one half at midyear of a leap year (183 of 366 days)', () => {
    expect(timeElapsed(year(2024), '2024-07-01')).toBe(0.5);
    expect(timeElapsed(quarter(2024, 3), '2024-08-15')).toBe(46 / 92);
  });

  it('reads "now" as the Beijing date', () => {
    // 2023-12-31T16:30Z is already 1 January 2024 in Beijing.
    const instant = new Date('2023-12-31T16:30:00Z');
    expect(timeElapsedNow(year(2023), instant)).toBe(1);
    expect(timeElapsedNow(year(2024), instant)).toBe(1 / 366);
    // 2024-03-31T15:59:59Z is still 31 March in Beijing: Q1 is complete, Q2 not started.
    const endOfQ1 = new Date('2024-03-31T15:59:59Z');
    expect(timeElapsedNow(quarter(2024, 1), endOfQ1)).toBe(1);
    expect(timeElapsedNow(quarter(2024, 2), endOfQ1)).toBe(0);
  });
});
