import { Metric } from '../metrics/metric';
import type { RankingRow } from './entities/ranking.entity';
import { rankingTotals } from './ranking-totals';

const row = (id: string, metrics: Array<[Metric, string, string]>): RankingRow => ({
  rank: 1,
  assignee: { type: 'unit', id, name: id },
  score: { total: 0, signing: 0, metrics: {}, bandPenalty: 0, deduction: 0 },
  metrics: metrics.map(([metric, target, actual]) => ({ metric, label: '', target, actual, completion: '0.00', aheadBy: '0.00', status: 'behind' })),
});

describe('rankingTotals (合计 row)', () => {
  it('adds 万元 exactly, rounds the overall completion once, and sums only the units with that target', () => {
    const totals = rankingTotals(
      [
        row('a', [[Metric.SignedAmount, '0.1', '0.1'], [Metric.Visits, '3', '1']]),
        row('b', [[Metric.SignedAmount, '0.2', '0.2001']]),
        row('c', [[Metric.SignedAmount, '99999999999.9999', '0.0001'], [Metric.Visits, '3', '1']]),
      ],
      '50.00',
    );
    expect(totals.label).toBe('合计');
    expect(totals.units).toBe(3);
    // visits (fixed metric order first): 2 of 6 = 33.333…%; signed amount: Σ by hand.
    expect(totals.metrics).toEqual([
      { metric: Metric.Visits, label: '走访次数', target: '6', actual: '2', completion: '33.33', aheadBy: '-16.67', units: 2 },
      { metric: Metric.SignedAmount, label: '签约金额（万元）', target: '100000000000.2999', actual: '0.3002', completion: '0.00', aheadBy: '-50.00', units: 3 },
    ]);
  });

  it('reads a zero total target as met, and rounds half up (2 of 3 → 66.67, 1 of 8 → 12.50, 1 of 16 → 6.25, 1 of 1600 → 0.06)', () => {
    const one = (target: string, actual: string) => rankingTotals([row('a', [[Metric.Visits, target, actual]])], '0.00').metrics[0]?.completion;
    expect(one('0', '0')).toBe('100.00');
    expect(one('0', '5')).toBe('100.00');
    expect(one('3', '2')).toBe('66.67');
    expect(one('8', '1')).toBe('12.50');
    expect(one('16', '1')).toBe('6.25');
    expect(one('1600', '1')).toBe('0.06');
  });

  it('is empty for no rows', () => {
    expect(rankingTotals([], '10.00')).toEqual({ label: '合计', units: 0, metrics: [] });
  });
});
