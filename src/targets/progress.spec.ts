import { ratio } from '../common/math/rational';
import { zeroMetrics } from '../metrics/metric';
import { yearOnYear } from '../metrics/year-on-year';
import { completionPercent, progressOf } from './progress';

const half = ratio(1n, 2n);

describe('progressOf (序时进度)', () => {
  const actuals = { ...zeroMetrics(), signed_projects: '4', signed_amount: '250000.5', visits: '12' };

  it('is behind at 40% done with 50% of the year gone', () => {
    const [p] = progressOf({ signed_projects: '10' }, actuals, half);
    expect(p).toMatchObject({ target: '10', actual: '4', completion: '40.00', aheadBy: '-10.00', status: 'behind' });
  });

  it('is on track when the share done keeps pace', () => {
    const [p] = progressOf({ signed_amount: '500000' }, actuals, half);
    expect(p).toMatchObject({ actual: '250000.5', completion: '50.00', status: 'on_track' });
  });

  it('is done once the actual reaches the target, and lists only targeted metrics', () => {
    const rows = progressOf({ visits: '12', signed_projects: '8' }, actuals, ratio(1n, 10n));
    expect(rows.map((r) => [r.metric, r.status])).toEqual([
      ['visits', 'done'],
      ['signed_projects', 'on_track'],
    ]);
  });

  it('treats a zero target as met', () => {
    expect(progressOf({ new_leads: '0' }, actuals, ratio(9n, 10n))[0]).toMatchObject({ completion: '100.00', status: 'done' });
  });
});

describe('progressOf: exact statuses against 序时进度', () => {
  const actual = (values: Partial<Record<string, string>>) => ({ ...zeroMetrics(), ...values });

  it('is on track when the share done equals the share of time gone, to the day', () => {
    // 183 of 366 days of 2024: exactly one half.
    const [p] = progressOf({ visits: '20' }, actual({ visits: '10' }), ratio(183n, 366n));
    expect(p).toMatchObject({ completion: '50.00', aheadBy: '0.00', status: 'on_track' });
  });

  it('is behind by a hair that rounding hides: the status compares exact values', () => {
    // 24999.9999 / 100000 = 24.9999999% against 25%: shows 25.00 and 0.00, and is behind.
    const [behind] = progressOf({ signed_amount: '100000' }, actual({ signed_amount: '24999.9999' }), ratio(1n, 4n));
    expect(behind).toMatchObject({ target: '100000', actual: '24999.9999', completion: '25.00', aheadBy: '0.00', status: 'behind' });
    const [ahead] = progressOf({ signed_amount: '100000' }, actual({ signed_amount: '37500' }), ratio(1n, 4n));
    expect(ahead).toMatchObject({ completion: '37.50', aheadBy: '12.50', status: 'on_track' });
  });

  it('reads 1–10月 in months: 125.64% done is 42.31 points ahead of 83.33% (a city 通报)', () => {
    // 1–10月: 10/12. 12564 of 10000 → 125.64%; 125.64 − 83.333… = 42.3066… → 42.31.
    const [p] = progressOf({ signed_amount: '10000' }, actual({ signed_amount: '12564' }), ratio(10n, 12n));
    expect(p).toMatchObject({ completion: '125.64', aheadBy: '42.31', status: 'done' });
  });

  it('rounds completion and 超进度 once each, half up, from the exact values', () => {
    // 1/3 = 33.333…% → 33.33; 2/3 = 66.666…% → 66.67; 1/8 = 12.5% exactly; 0.125% → 0.13.
    expect(progressOf({ visits: '3' }, actual({ visits: '1' }), ratio(0n, 1n))[0]).toMatchObject({ completion: '33.33', aheadBy: '33.33' });
    expect(progressOf({ visits: '3' }, actual({ visits: '2' }), ratio(0n, 1n))[0]).toMatchObject({ completion: '66.67' });
    expect(progressOf({ visits: '800' }, actual({ visits: '1' }), ratio(0n, 1n))[0]).toMatchObject({ completion: '0.13' });
    // 1/3 done with 1/6 of the year gone (2 of 12 months): 33.333… − 16.666… = 16.666… → 16.67,
    // where subtracting the rounded figures would give 33.33 − 16.67 = 16.66.
    expect(progressOf({ visits: '3' }, actual({ visits: '1' }), ratio(2n, 12n))[0]).toMatchObject({ completion: '33.33', aheadBy: '16.67' });
  });

  it('is done once the target is reached, whatever the time, and shows over-achievement', () => {
    expect(progressOf({ new_leads: '8' }, actual({ new_leads: '8' }), ratio(1n, 365n))[0]).toMatchObject({ completion: '100.00', status: 'done' });
    expect(progressOf({ new_leads: '8' }, actual({ new_leads: '12' }), half)[0]).toMatchObject({ completion: '150.00', aheadBy: '100.00', status: 'done' });
    expect(progressOf({ completed_investment: '1.0001' }, actual({ completed_investment: '1.0001' }), ratio(99n, 100n))[0]).toMatchObject({ status: 'done' });
  });

  it('is behind at the end of a period whose target was missed (100% of time gone)', () => {
    const [p] = progressOf({ projects_started: '3' }, actual({ projects_started: '2' }), ratio(1n, 1n));
    expect(p).toMatchObject({ completion: '66.67', aheadBy: '-33.33', status: 'behind' });
  });

  it('is behind with nothing done on the first day of the period', () => {
    expect(progressOf({ visits: '365' }, actual({}), ratio(1n, 365n))[0]).toMatchObject({ actual: '0', completion: '0.00', aheadBy: '-0.27', status: 'behind' });
    expect(progressOf({ visits: '365' }, actual({ visits: '1' }), ratio(1n, 365n))[0]).toMatchObject({ completion: '0.27', aheadBy: '0.00', status: 'on_track' });
  });

  it('keeps amounts exact and canonical (numeric text from the database)', () => {
    const [p] = progressOf({ signed_amount: '5919500' }, actual({ signed_amount: '5919500.0000' }), ratio(3n, 10n));
    expect(p).toMatchObject({ target: '5919500', actual: '5919500', completion: '100.00', status: 'done' });
    const [q] = progressOf({ signed_amount: '5919500' }, actual({ signed_amount: '591.9500' }), ratio(3n, 10n));
    expect(q).toMatchObject({ actual: '591.95', completion: '0.01', status: 'behind' });
  });

  it('lists targeted metrics in the fixed metric order, with their labels', () => {
    const rows = progressOf({ completed_investment: '10', enterprises_contacted: '5', signed_amount: '3' }, actual({}), half);
    expect(rows.map((r) => [r.metric, r.label])).toEqual([
      ['enterprises_contacted', '对接企业数'],
      ['signed_amount', '签约金额（万元）'],
      ['completed_investment', '完成投资（万元）'],
    ]);
    expect(progressOf({}, actual({ visits: '3' }), half)).toEqual([]);
  });

  it('adds 同比 when last year’s same months are given', () => {
    const [p] = progressOf({ signed_amount: '100' }, actual({ signed_amount: '150.5' }), half, actual({ signed_amount: '120.0000' }));
    // 150.5 − 120 = 30.5; 30.5 / 120 = 25.41666…% → 25.42.
    expect(p?.yoy).toEqual({ previous: '120', change: '30.5', changePercent: '25.42' });
  });
});

describe('completionPercent, yearOnYear', () => {
  it('divides exactly and rounds once; no target gives null, a zero target is met', () => {
    expect(completionPercent('5', '10')).toBe('50.00');
    expect(completionPercent('30000.5', '60001')).toBe('50.00');
    expect(completionPercent('2', '3')).toBe('66.67');
    expect(completionPercent('7', '0')).toBe('100.00');
    expect(completionPercent('7', null)).toBeNull();
  });

  it('gives the change and its percent; null percent when last year is 0', () => {
    expect(yearOnYear('10', '0')).toEqual({ previous: '0', change: '10', changePercent: null });
    expect(yearOnYear('0', '0')).toEqual({ previous: '0', change: '0', changePercent: null });
    expect(yearOnYear('2', '3')).toEqual({ previous: '3', change: '-1', changePercent: '-33.33' });
    // −2/3 → −66.666…% → −66.67 (halves away from zero, the rest to nearest).
    expect(yearOnYear('1', '3')).toEqual({ previous: '3', change: '-2', changePercent: '-66.67' });
    expect(yearOnYear('5919500', '5000000.0001')).toEqual({ previous: '5000000.0001', change: '919499.9999', changePercent: '18.39' });
  });
});
