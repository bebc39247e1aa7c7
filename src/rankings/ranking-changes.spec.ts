import { Metric } from '../metrics/metric';
import type { RankingRow } from './entities/ranking.entity';
import { rankingChanges } from './ranking-changes';

const row = (id: string, rank: number, total: number, metrics: Array<[Metric, string, string]>): RankingRow => ({
  rank,
  assignee: { type: 'team', id, name: `队${id}` },
  score: { total, signing: total, metrics: {}, bandPenalty: 0, deduction: 0 },
  metrics: metrics.map(([metric, target, actual]) => ({ metric, label: '', target, actual, completion: '0.00', aheadBy: '0.00', status: 'behind' })),
});

describe('rankingChanges (what a correction changed)', () => {
  const before = [
    row('a', 1, 50, [[Metric.SignedAmount, '100', '60'], [Metric.Visits, '10', '5']]),
    row('b', 2, 40, [[Metric.SignedAmount, '100', '50'], [Metric.Visits, '10', '5']]),
    row('c', 3, 10, [[Metric.SignedAmount, '100', '0']]),
  ];

  it('lists nothing when nothing changed', () => {
    expect(rankingChanges(before, before)).toEqual([]);
  });

  it('lists exactly the figures, scores and ranks that changed, old → new', () => {
    const after = [
      row('b', 1, 55, [[Metric.SignedAmount, '100', '80.5'], [Metric.Visits, '10', '5']]),
      row('a', 2, 50, [[Metric.SignedAmount, '100', '60'], [Metric.Visits, '10', '5']]),
      row('c', 3, 10, [[Metric.SignedAmount, '100', '0']]),
    ];
    expect(rankingChanges(before, after)).toEqual([
      {
        assignee: { type: 'team', id: 'b', name: '队b' },
        changes: [
          { what: 'rank', label: '名次', before: '2', after: '1' },
          { what: 'score', label: '得分', before: '40.00', after: '55.00' },
          { what: 'actual', metric: Metric.SignedAmount, label: '签约金额（万元）完成', before: '50', after: '80.5' },
        ],
      },
      { assignee: { type: 'team', id: 'a', name: '队a' }, changes: [{ what: 'rank', label: '名次', before: '1', after: '2' }] },
    ]);
  });

  it('names units and targets that came or went', () => {
    const after = [row('a', 1, 50, [[Metric.SignedAmount, '120', '60'], [Metric.Visits, '10', '5']]), row('b', 2, 40, [[Metric.SignedAmount, '100', '50'], [Metric.Visits, '10', '5']])];
    expect(rankingChanges(before, after)).toEqual([
      { assignee: { type: 'team', id: 'a', name: '队a' }, changes: [{ what: 'target', metric: Metric.SignedAmount, label: '签约金额（万元）目标', before: '100', after: '120' }] },
      {
        assignee: { type: 'team', id: 'c', name: '队c' },
        changes: [
          { what: 'rank', label: '名次', before: '3', after: null },
          { what: 'score', label: '得分', before: '10.00', after: null },
          { what: 'target', metric: Metric.SignedAmount, label: '签约金额（万元）目标', before: '100', after: null },
          { what: 'actual', metric: Metric.SignedAmount, label: '签约金额（万元）完成', before: '0', after: null },
        ],
      },
    ]);
  });
});
