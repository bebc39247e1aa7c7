import { countedWindow, pace, Period, periodBounds, periodLabel, previousYearOf, previousYearWindow, targetPeriodOf } from './period';

const year = (y: number): Period => ({ type: 'year', year: y });
const quarter = (y: number, q: number): Period => ({ type: 'quarter', year: y, quarter: q });
const half = (y: number, h: number): Period => ({ type: 'half', year: y, half: h });
const ytd = (y: number, month: number): Period => ({ type: 'ytd', year: y, month });
const range = (from: string, to: string): Period => ({ type: 'range', year: Number(from.slice(0, 4)), from, to });

describe('periods: bounds and labels', () => {
  it.each([
    [year(2022), '2022-01-01', '2023-01-01', '2022年'],
    [half(2022, 1), '2022-01-01', '2022-07-01', '2022年上半年'],
    [half(2022, 2), '2022-07-01', '2023-01-01', '2022年下半年'],
    [quarter(2023, 1), '2023-01-01', '2023-04-01', '2023年第一季度'],
    [quarter(2023, 2), '2023-04-01', '2023-07-01', '2023年第二季度'],
    [quarter(2023, 3), '2023-07-01', '2023-10-01', '2023年第三季度'],
    [quarter(2023, 4), '2023-10-01', '2024-01-01', '2023年第四季度'],
    [ytd(2022, 10), '2022-01-01', '2022-11-01', '2022年1–10月'],
    [ytd(2022, 1), '2022-01-01', '2022-02-01', '2022年1月'],
    [ytd(2022, 12), '2022-01-01', '2023-01-01', '2022年1–12月'],
    [range('2021-09', '2022-10'), '2021-09-01', '2022-11-01', '2021年9月–2022年10月'],
    [range('2022-03', '2022-05'), '2022-03-01', '2022-06-01', '2022年3–5月'],
    [range('2022-12', '2022-12'), '2022-12-01', '2023-01-01', '2022年12月'],
  ])('%o runs %s to %s (%s)', (p, start, end, label) => {
    expect(periodBounds(p)).toEqual({ start, end });
    expect(periodLabel(p)).toBe(label);
  });

  it('measures 1–N月 and half-years against the year, quarters against themselves, a range across years against nothing', () => {
    expect(targetPeriodOf(ytd(2022, 10))).toEqual({ type: 'year', year: 2022 });
    expect(targetPeriodOf(half(2022, 1))).toEqual({ type: 'year', year: 2022 });
    expect(targetPeriodOf(range('2022-01', '2022-05'))).toEqual({ type: 'year', year: 2022 });
    // Counted from July or March: no target of its own; not measured against the whole year.
    expect(targetPeriodOf(half(2022, 2))).toBeNull();
    expect(targetPeriodOf(range('2022-03', '2022-05'))).toBeNull();
    expect(targetPeriodOf(quarter(2022, 3))).toEqual({ type: 'quarter', year: 2022, quarter: 3 });
    expect(targetPeriodOf(range('2021-09', '2022-10'))).toBeNull();
  });

  it('counts the months up to the as-of month, within the period', () => {
    expect(countedWindow(ytd(2022, 10), '2022-07-05')).toEqual({ start: '2022-01-01', end: '2022-08-01' });
    expect(countedWindow(ytd(2022, 10), '2022-10-31')).toEqual({ start: '2022-01-01', end: '2022-11-01' });
    expect(countedWindow(ytd(2022, 10), '2023-01-05')).toEqual({ start: '2022-01-01', end: '2022-11-01' });
    expect(countedWindow(ytd(2022, 10), '2021-12-31')).toEqual({ start: '2022-01-01', end: '2022-01-01' });
    expect(countedWindow(range('2021-09', '2022-10'), '2022-02-28')).toEqual({ start: '2021-09-01', end: '2022-03-01' });
    expect(previousYearWindow({ start: '2022-01-01', end: '2022-08-01' })).toEqual({ start: '2021-01-01', end: '2021-08-01' });
    expect(periodLabel(previousYearOf(ytd(2022, 10)))).toBe('2021年1–10月');
    expect(periodLabel(previousYearOf(range('2021-09', '2022-10')))).toBe('2020年9月–2021年10月');
  });
});

// Expected values worked out by hand: months gone ÷ months of the target period; days gone
// (the as-of day counted) ÷ days of the target period, never past the report's last day.
describe('pace (序时进度), a hand table', () => {
  it.each([
    // 通报 read in months
    ['1–10月 of 2022, as of 10-31', ytd(2022, 10), '2022-10-31', 'months', '83.33'], // 10/12
    ['a 1–6月 通报 issued on 07-05', ytd(2022, 6), '2022-07-05', 'months', '50.00'], // 6/12, not 186/365
    ['1月 alone', ytd(2022, 1), '2022-01-31', 'months', '8.33'], // 1/12
    ['1–2月 at the end of February', ytd(2023, 2), '2023-02-28', 'months', '16.67'], // 2/12
    ['the year as of 07-05, months', year(2022), '2022-07-05', 'months', '58.33'], // 7/12: July is counted
    ['上半年 as of 04-15, months', half(2024, 1), '2024-04-15', 'months', '33.33'], // 4/12
    ['a quarter in months (Q1 2024 on 02-29)', quarter(2024, 1), '2024-02-29', 'months', '66.67'], // 2/3
    ['a range across years, months', range('2021-09', '2022-08'), '2022-02-10', 'months', '50.00'], // 6/12
    // live screens read in days
    ['the same 1–6月 in days stops at 06-30', ytd(2022, 6), '2022-07-05', 'days', '49.59'], // 181/365
    ['the year as of 07-05, days', year(2022), '2022-07-05', 'days', '50.96'], // 186/365
    ['2024-12-31 (leap year)', year(2024), '2024-12-31', 'days', '100.00'], // 366/366
    ['2023-12-31', year(2023), '2023-12-31', 'days', '100.00'], // 365/365
    ['2024-12-30', year(2024), '2024-12-30', 'days', '99.73'], // 365/366
    ['2024-02-29', year(2024), '2024-02-29', 'days', '16.39'], // 60/366
    ['2024-03-01', year(2024), '2024-03-01', 'days', '16.67'], // 61/366
    ['2023-03-01', year(2023), '2023-03-01', 'days', '16.44'], // 60/365
    ['2024-07-01 is exactly half of 2024', year(2024), '2024-07-01', 'days', '50.00'], // 183/366
    ['the first day', year(2023), '2023-01-01', 'days', '0.27'], // 1/365
    ['1–2月 at the end of February, days', ytd(2023, 2), '2023-02-28', 'days', '16.16'], // 59/365
    ['Q1 2024 on 02-29 (91 days)', quarter(2024, 1), '2024-02-29', 'days', '65.93'], // 60/91
    ['Q1 2024 on its last day', quarter(2024, 1), '2024-03-31', 'days', '100.00'],
    ['上半年 2024 as of 04-15, days', half(2024, 1), '2024-04-15', 'days', '28.96'], // 106/366
    ['a range across years, days', range('2021-09', '2022-08'), '2022-02-10', 'days', '44.66'], // 163/365
    ['2100 is not a leap year', year(2100), '2100-03-01', 'days', '16.44'], // 60/365
    ['2000 is', year(2000), '2000-03-01', 'days', '16.67'], // 61/366
  ] as const)('%s: %s', (_what, p, asOf, convention, expected) => {
    expect(pace(p, asOf, convention)).toBe(expected);
  });

  it.each(['months', 'days'] as const)('is 0 before the period and 100 from its end on (%s)', (convention) => {
    expect(pace(year(2023), '2022-06-30', convention)).toBe('0.00');
    expect(pace(quarter(2023, 2), '2023-03-31', convention)).toBe('0.00');
    expect(pace(year(2023), '2024-01-01', convention)).toBe('100.00');
    expect(pace(quarter(2023, 4), '2031-05-05', convention)).toBe('100.00');
    expect(pace(ytd(2022, 12), '2022-12-31', convention)).toBe('100.00');
  });
});
