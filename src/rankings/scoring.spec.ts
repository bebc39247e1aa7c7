import { zeroMetrics } from '../metrics/metric';
import { formulaProblems, loadScoringFormula, score, ScoringFormula } from './scoring';

const formula: ScoringFormula = {
  signing: { weight: 40, countShare: 0.5, amountShare: 0.5 },
  weights: { visits: 10 },
  completionCap: 1.2,
  sizeBands: [{ label: '3–10亿元', min: '30000', max: '100000', required: 2, penalty: 3 }],
  deductions: { pastStartDeadline: 1 },
};

describe('ranking score', () => {
  it('weights signed count and amount half and half', () => {
    const s = score(formula, {
      target: { signed_projects: '10', signed_amount: '100000' },
      actual: { ...zeroMetrics(), signed_projects: '5', signed_amount: '100000' },
      signingAmounts: ['30000', '99999.9999'],
      pastStartDeadline: 0,
    });
    // (0.5 × 0.5 + 1 × 0.5) × 40 = 30
    expect(s).toMatchObject({ signing: 30, total: 30, bandPenalty: 0 });
  });

  it('caps over-achievement, deducts band shortfalls and late starts', () => {
    const s = score(formula, {
      target: { signed_projects: '1', visits: '10' },
      actual: { ...zeroMetrics(), signed_projects: '5', visits: '30' },
      signingAmounts: ['100000', '29999'],
      pastStartDeadline: 2,
    });
    // signing (1.2 × 0.5) × 40 = 24; visits 1.2 × 10 = 12; bands 2 short × 3 = 6; late 2
    expect(s).toMatchObject({ signing: 24, metrics: { visits: 12 }, bandPenalty: 6, deduction: 2, total: 28 });
  });

  it('names unknown metrics and bad numbers in a formula', () => {
    const problems = formulaProblems({ ...formula, weights: { visits: 10, golf_rounds: 5, signed_amount: 3 }, completionCap: 0.5 });
    expect(problems.map((p) => p.field)).toEqual(['formula.weights.golf_rounds', 'formula.weights.signed_amount', 'formula.completionCap']);
  });

  it('loads the shipped config/scoring.json', () => {
    expect(loadScoringFormula().signing.weight).toBe(40);
  });
});
