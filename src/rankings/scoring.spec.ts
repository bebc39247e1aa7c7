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

describe('ranking score: size bands, caps, missing targets, deductions, rounding', () => {
  const bands: ScoringFormula = {
    signing: { weight: 0, countShare: 0.5, amountShare: 0.5 },
    weights: {},
    completionCap: 1.2,
    sizeBands: [
      { label: '3–10亿元', min: '30000', max: '100000', required: 1, penalty: 2 },
      { label: '10–20亿元', min: '100000', max: '200000', required: 1, penalty: 3 },
      { label: '20亿元以上', min: '200000', max: null, required: 1, penalty: 5 },
    ],
    deductions: { pastStartDeadline: 0 },
  };
  const withAmounts = (signingAmounts: string[], pastStartDeadline = 0) =>
    score(bands, { target: {}, actual: zeroMetrics(), signingAmounts, pastStartDeadline });

  it('puts an amount equal to a band minimum in that band (min inclusive)', () => {
    expect(withAmounts(['30000']).bandPenalty).toBe(3 + 5);
    expect(withAmounts(['100000']).bandPenalty).toBe(2 + 5);
    expect(withAmounts(['200000']).bandPenalty).toBe(2 + 3);
    // numeric text from the database, trailing zeros and all
    expect(withAmounts(['30000.0000', '100000.0000', '200000.0000']).bandPenalty).toBe(0);
  });

  it('keeps an amount one yuan below a maximum out of the band above (max exclusive)', () => {
    expect(withAmounts(['99999.9999']).bandPenalty).toBe(3 + 5);
    expect(withAmounts(['199999.9999']).bandPenalty).toBe(2 + 5);
    expect(withAmounts(['29999.9999']).bandPenalty).toBe(2 + 3 + 5);
    expect(withAmounts(['30000.0001', '100000.0001', '99999999999999.9999']).bandPenalty).toBe(0);
  });

  it('deducts per project short, never rewards a surplus', () => {
    const f: ScoringFormula = { ...bands, sizeBands: [{ label: '3–10亿元', min: '30000', max: '100000', required: 3, penalty: 2.5 }] };
    expect(score(f, { target: {}, actual: zeroMetrics(), signingAmounts: ['50000'], pastStartDeadline: 0 })).toMatchObject({ bandPenalty: 5, total: -5 });
    expect(score(f, { target: {}, actual: zeroMetrics(), signingAmounts: ['50000', '50000', '50000', '50000', '50000'], pastStartDeadline: 0 })).toMatchObject({ bandPenalty: 0, total: 0 });
  });

  it('caps each completion at completionCap, signing parts included', () => {
    const f: ScoringFormula = { signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 10, completed_investment: 20 }, completionCap: 1.5, sizeBands: [], deductions: { pastStartDeadline: 1 } };
    const s = score(f, {
      target: { signed_projects: '2', signed_amount: '1000', visits: '10', completed_investment: '100' },
      actual: { ...zeroMetrics(), signed_projects: '10', signed_amount: '1250', visits: '15', completed_investment: '500' },
      signingAmounts: [],
      pastStartDeadline: 0,
    });
    // signing (1.5 × 0.5 + 1.25 × 0.5) × 40 = 55; visits 1.5 × 10 = 15; investment capped 1.5 × 20 = 30
    expect(s).toEqual({ total: 100, signing: 55, metrics: { visits: 15, completed_investment: 30 }, bandPenalty: 0, deduction: 0 });
  });

  it('scores only the targeted metrics: a missing target scores nothing, a zero target counts as met', () => {
    const f: ScoringFormula = { signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 10, new_leads: 10 }, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 1 } };
    const actual = { ...zeroMetrics(), signed_projects: '3', signed_amount: '99999', visits: '40', new_leads: '1' };
    // Only the count target: the amount half is lost; visits has no target and no score.
    const countOnly = score(f, { target: { signed_projects: '3', new_leads: '4' }, actual, signingAmounts: [], pastStartDeadline: 0 });
    expect(countOnly).toEqual({ total: 22.5, signing: 20, metrics: { new_leads: 2.5 }, bandPenalty: 0, deduction: 0 });
    // No targets at all: zero.
    expect(score(f, { target: {}, actual, signingAmounts: [], pastStartDeadline: 0 })).toEqual({ total: 0, signing: 0, metrics: {}, bandPenalty: 0, deduction: 0 });
    // A zero target is met in full.
    expect(score(f, { target: { visits: '0' }, actual: zeroMetrics(), signingAmounts: [], pastStartDeadline: 0 }).metrics).toEqual({ visits: 10 });
  });

  it('deducts for every project past its start deadline, below zero if need be', () => {
    const f: ScoringFormula = { signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: {}, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 1.5 } };
    const s = score(f, { target: { signed_projects: '4' }, actual: { ...zeroMetrics(), signed_projects: '1' }, signingAmounts: [], pastStartDeadline: 3 });
    // 0.25 × 0.5 × 40 = 5; 3 × 1.5 = 4.5
    expect(s).toMatchObject({ signing: 5, deduction: 4.5, total: 0.5 });
    expect(score(f, { target: { signed_projects: '4' }, actual: zeroMetrics(), signingAmounts: [], pastStartDeadline: 2 }).total).toBe(-3);
  });

  it('rounds to two decimals, and the total is the sum of the parts it shows', () => {
    const f: ScoringFormula = { signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 10, new_leads: 10, enterprises_contacted: 10 }, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 0 } };
    const s = score(f, {
      target: { signed_projects: '3', signed_amount: '3', visits: '3', new_leads: '3', enterprises_contacted: '3' },
      actual: { ...zeroMetrics(), signed_projects: '1', signed_amount: '1', visits: '1', new_leads: '1', enterprises_contacted: '1' },
      signingAmounts: [],
      pastStartDeadline: 0,
    });
    // signing 13.333…, each metric 3.333…: shown as 13.33 and 3.33 × 3
    expect(s).toMatchObject({ signing: 13.33, metrics: { visits: 3.33, new_leads: 3.33, enterprises_contacted: 3.33 } });
    const parts = s.signing + Object.values(s.metrics).reduce((a, b) => a + (b ?? 0), 0) - s.bandPenalty - s.deduction;
    expect(s.total).toBe(Math.round(parts * 100) / 100);
    expect(s.total).toBe(23.32);
  });

  it('rounds half up at the cent (1.005 → 1.01)', () => {
    // 0.201 × 5 = 1.005 points
    const f: ScoringFormula = { signing: { weight: 0, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 5 }, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 0 } };
    const s = score(f, { target: { visits: '1000' }, actual: { ...zeroMetrics(), visits: '201' }, signingAmounts: [], pastStartDeadline: 0 });
    expect(s.metrics.visits).toBe(1.01);
    expect(s.total).toBe(1.01);
  });
});

describe('formulaProblems', () => {
  const good = loadScoringFormula();

  it('accepts the shipped formula and a minimal one', () => {
    expect(formulaProblems(good)).toEqual([]);
    expect(formulaProblems({ signing: { weight: 1, countShare: 1, amountShare: 0 }, weights: {}, completionCap: 1, sizeBands: [], deductions: { pastStartDeadline: 0 } })).toEqual([]);
  });

  it('names each bad part by its path', () => {
    const fields = (f: unknown) => formulaProblems(f).map((p) => p.field);
    expect(fields({ ...good, signing: { weight: -1, countShare: 0.5, amountShare: 0.5 } })).toEqual(['formula.signing']);
    expect(fields({ ...good, weights: { visits: -2 } })).toEqual(['formula.weights.visits']);
    expect(fields({ ...good, weights: { visits: '10' } })).toEqual(['formula.weights.visits']);
    expect(fields({ ...good, sizeBands: [good.sizeBands[0], { label: 'x', min: '-1', max: null, required: 1, penalty: 1 }] })).toEqual(['formula.sizeBands[1]']);
    expect(fields({ ...good, sizeBands: [{ label: 'x', min: '1.00001', max: null, required: 1, penalty: 1 }] })).toEqual(['formula.sizeBands[0]']);
    expect(fields({ ...good, sizeBands: [{ label: 'x', min: '1', max: null, required: 1.5, penalty: 1 }] })).toEqual(['formula.sizeBands[0]']);
    expect(fields({ ...good, deductions: {} })).toEqual(['formula.deductions.pastStartDeadline']);
    expect(fields({ ...good, completionCap: Number.POSITIVE_INFINITY })).toEqual(['formula.completionCap']);
    expect(fields(null)).toEqual(['formula.signing', 'formula.weights', 'formula.completionCap', 'formula.sizeBands', 'formula.deductions.pastStartDeadline']);
  });

  it('names band bounds that are not 万元 strings (a JSON number would be scored as garbage)', () => {
    const bandWith = (min: unknown, max: unknown) => ({ ...good, sizeBands: [{ label: '3–10亿元', min, max, required: 1, penalty: 2 }] });
    expect(formulaProblems(bandWith(30000, '100000')).map((p) => p.field)).toEqual(['formula.sizeBands[0]']);
    expect(formulaProblems(bandWith('30000', 100000)).map((p) => p.field)).toEqual(['formula.sizeBands[0]']);
    expect(formulaProblems(bandWith('30000', '100000'))).toEqual([]);
  });
});
