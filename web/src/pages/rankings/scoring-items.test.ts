import { describe, expect, it } from 'vitest';
import { methodRows, scoringItems } from './scoring-items';

// config/scoring.json as shipped, with one size band required.
const formula = {
  signing: { weight: 40, countShare: 0.5, amountShare: 0.5 },
  weights: { enterprises_contacted: 10, visits: 10, new_leads: 10, projects_started: 15, completed_investment: 15 },
  completionCap: 1.2,
  sizeBands: [
    { label: '3–10亿元', min: '30000', max: '100000', required: 0, penalty: 2 },
    { label: '10–20亿元', min: '100000', max: '200000', required: 1, penalty: 3 },
  ],
  deductions: { pastStartDeadline: 1 },
};

describe('ranking scoring items', () => {
  it('lists 签约 and each weighted metric, in the metrics’ order, with their weights', () => {
    expect(scoringItems(formula).map((i) => [i.key, i.weight, i.metrics])).toEqual([
      ['signing', 40, ['signed_projects', 'signed_amount']],
      ['enterprises_contacted', 10, ['enterprises_contacted']],
      ['visits', 10, ['visits']],
      ['new_leads', 10, ['new_leads']],
      ['projects_started', 15, ['projects_started']],
      ['completed_investment', 15, ['completed_investment']],
    ]);
  });

  it('explains the method from the formula’s own numbers', () => {
    const rows = methodRows(formula);
    expect(rows[0]).toEqual({ item: '签约得分', points: '40 分', rule: '（签约项目数完成率 × 50% + 签约金额完成率 × 50%）× 40，完成率封顶 120%' });
    expect(rows[1]).toEqual({ item: '对接企业数得分', points: '10 分', rule: '对接企业数完成率 × 10，封顶 120%' });
    // Bands that require nothing deduct nothing and are not listed.
    expect(rows.slice(-2)).toEqual([
      { item: '规模档次 10–20亿元', points: '−3 分/个', rule: '应签约 1 个，每少 1 个扣 3 分' },
      { item: '逾期未开工', points: '−1 分/个', rule: '计划开工日已过仍未开工的项目，每个扣 1 分' },
    ]);
    expect(rows).toHaveLength(8);
  });
});
