import { zeroMetrics } from '../metrics/metric';
import { progressOf } from './progress';

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
