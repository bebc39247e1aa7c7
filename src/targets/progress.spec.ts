import { zeroMetrics } from '../metrics/metric';
import { completionRatio, progressOf } from './progress';

describe('progressOf (序时进度)', () => {
  const actuals = { ...zeroMetrics(), signed_projects: '4', signed_amount: '250000.5', visits: '12' };

  it('is behind at 40% done with 50% of the year gone', () => {
    const [p] = progressOf({ signed_projects: '10' }, actuals, 0.5);
    expect(p).toMatchObject({ target: '10', actual: '4', completion: '40.00', aheadBy: '-10.00', status: 'behind' });
  });

  it('is on track when the share done keeps pace', () => {
    const [p] = progressOf({ signed_amount: '500000' }, actuals, 0.5);
    expect(p).toMatchObject({ actual: '250000.5', completion: '50.00', status: 'on_track' });
  });

  it('is done once the actual reaches the target, and lists only targeted metrics', () => {
    const rows = progressOf({ visits: '12', signed_projects: '8' }, actuals, 0.1);
    expect(rows.map((r) => [r.metric, r.status])).toEqual([
      ['visits', 'done'],
      ['signed_projects', 'on_track'],
    ]);
  });

  it('treats a zero target as met', () => {
    expect(progressOf({ new_leads: '0' }, actuals, 0.9)[0]).toMatchObject({ completion: '100.00', status: 'done' });
  });
});

describe('progressOf: statuses against 序时进度', () => {
  const actual = (values: Partial<Record<string, string>>) => ({ ...zeroMetrics(), ...values });

  it('is on track when the share done equals the share of time gone, to the day', () => {
    // 183 of 366 days of 2024: exactly one half.
    const [p] = progressOf({ visits: '20' }, actual({ visits: '10' }), 183 / 366);
    expect(p).toMatchObject({ completion: '50.00', aheadBy: '0.00', status: 'on_track' });
  });

  it('is behind by the points it lags, and ahead by the points it leads', () => {
    const elapsed = 0.25;
    const [behind] = progressOf({ signed_amount: '100000' }, actual({ signed_amount: '24999.9999' }), elapsed);
    expect(behind).toMatchObject({ target: '100000', actual: '24999.9999', completion: '25.00', aheadBy: '-0.00', status: 'behind' });
    const [ahead] = progressOf({ signed_amount: '100000' }, actual({ signed_amount: '37500' }), elapsed);
    expect(ahead).toMatchObject({ completion: '37.50', aheadBy: '12.50', status: 'on_track' });
  });

  it('is done once the target is reached, whatever the time, and shows over-achievement', () => {
    expect(progressOf({ new_leads: '8' }, actual({ new_leads: '8' }), 1 / 365)[0]).toMatchObject({ completion: '100.00', status: 'done' });
    expect(progressOf({ new_leads: '8' }, actual({ new_leads: '12' }), 0.5)[0]).toMatchObject({ completion: '150.00', aheadBy: '100.00', status: 'done' });
    expect(progressOf({ completed_investment: '1.0001' }, actual({ completed_investment: '1.0001' }), 0.99)[0]).toMatchObject({ status: 'done' });
  });

  it('is behind at the end of a period whose target was missed (100% of time gone)', () => {
    const [p] = progressOf({ projects_started: '3' }, actual({ projects_started: '2' }), 1);
    expect(p).toMatchObject({ completion: '66.67', aheadBy: '-33.33', status: 'behind' });
  });

  it('is behind with nothing done on the first day of the period', () => {
    expect(progressOf({ visits: '365' }, actual({}), 1 / 365)[0]).toMatchObject({ actual: '0', completion: '0.00', aheadBy: '-0.27', status: 'behind' });
    expect(progressOf({ visits: '365' }, actual({ visits: '1' }), 1 / 365)[0]).toMatchObject({ completion: '0.27', status: 'on_track' });
  });

  it('keeps amounts exact and canonical (numeric text from the database)', () => {
    const [p] = progressOf({ signed_amount: '5919500' }, actual({ signed_amount: '5919500.0000' }), 0.3);
    expect(p).toMatchObject({ target: '5919500', actual: '5919500', completion: '100.00', status: 'done' });
    const [q] = progressOf({ signed_amount: '5919500' }, actual({ signed_amount: '591.9500' }), 0.3);
    expect(q).toMatchObject({ actual: '591.95', completion: '0.01', status: 'behind' });
  });

  it('lists targeted metrics in the fixed metric order, with their labels', () => {
    const rows = progressOf({ completed_investment: '10', enterprises_contacted: '5', signed_amount: '3' }, actual({}), 0.5);
    expect(rows.map((r) => [r.metric, r.label])).toEqual([
      ['enterprises_contacted', '对接企业数'],
      ['signed_amount', '签约金额（万元）'],
      ['completed_investment', '完成投资（万元）'],
    ]);
    expect(progressOf({}, actual({ visits: '3' }), 0.5)).toEqual([]);
  });
});

describe('completionRatio', () => {
  it('divides actual by target; a zero target is met', () => {
    expect(completionRatio('5', '10')).toBe(0.5);
    expect(completionRatio('0', '0')).toBe(1);
    expect(completionRatio('7', '0')).toBe(1);
    expect(completionRatio('30000.5', '60001')).toBe(0.5);
  });
});
