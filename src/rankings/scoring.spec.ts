import { zeroMetrics } from '../metrics/metric';
import { describeFormula, formulaProblems, loadScoringFormula, score, ScoreBreakdown, ScoringFormula } from './scoring';

/** The score as displayed, without the exact components. */
const shown = ({ exact: _exact, ...rest }: ScoreBreakdown) => rest;

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
    expect(shown(s)).toEqual({ total: 100, signing: 55, metrics: { visits: 15, completed_investment: 30 }, bandPenalty: 0, deduction: 0 });
  });

  it('weighs 实际到位资金 (funds_in_place) like any amount metric', () => {
    const f: ScoringFormula = { signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: { funds_in_place: 20 }, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 1 } };
    expect(formulaProblems(f)).toEqual([]);
    const s = score(f, { target: { funds_in_place: '8000' }, actual: { ...zeroMetrics(), funds_in_place: '4000.25' }, signingAmounts: [], pastStartDeadline: 0 });
    // 4000.25 ÷ 8000 × 20 = 10.000625 → 10.00
    expect(shown(s)).toEqual({ total: 10, signing: 0, metrics: { funds_in_place: 10 }, bandPenalty: 0, deduction: 0 });
  });

  it('scores only the targeted metrics: a missing target scores nothing, a zero target counts as met', () => {
    const f: ScoringFormula = { signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 10, new_leads: 10 }, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 1 } };
    const actual = { ...zeroMetrics(), signed_projects: '3', signed_amount: '99999', visits: '40', new_leads: '1' };
    // Only the count target: the amount half is lost; visits has no target and no score.
    const countOnly = score(f, { target: { signed_projects: '3', new_leads: '4' }, actual, signingAmounts: [], pastStartDeadline: 0 });
    expect(shown(countOnly)).toEqual({ total: 22.5, signing: 20, metrics: { new_leads: 2.5 }, bandPenalty: 0, deduction: 0 });
    // No targets at all: zero.
    expect(shown(score(f, { target: {}, actual, signingAmounts: [], pastStartDeadline: 0 }))).toEqual({ total: 0, signing: 0, metrics: {}, bandPenalty: 0, deduction: 0 });
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

  it('rounds half up at the cent (1.005 → 1.01)', () => {
    // 0.201 × 5 = 1.005 points
    const f: ScoringFormula = { signing: { weight: 0, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 5 }, completionCap: 1.2, sizeBands: [], deductions: { pastStartDeadline: 0 } };
    const s = score(f, { target: { visits: '1000' }, actual: { ...zeroMetrics(), visits: '201' }, signingAmounts: [], pastStartDeadline: 0 });
    expect(s.metrics.visits).toBe(1.01);
    expect(s.total).toBe(1.01);
    expect(s.exact?.total).toBe('1.005000');
  });
});

/**
 * Exact scores, rounded once. Each case's expected total is worked out by hand (the fractions
 * in the comments), then checked again in the test with BigInt arithmetic on those fractions —
 * never with scoring.ts. `perComponent` is what rounding each component first (the old way, in
 * floats) printed: every case here was 0.01 off.
 */
describe('ranking score: computed exactly, rounded once', () => {
  const none = { signing: { weight: 0, countShare: 0.5, amountShare: 0.5 }, sizeBands: [], deductions: { pastStartDeadline: 0 } };
  type Case = {
    name: string;
    formula: ScoringFormula;
    target: Record<string, string>;
    actual: Record<string, string>;
    pastStartDeadline?: number;
    /** The exact total as a fraction [numerator, denominator], by hand. */
    exact: [bigint, bigint];
    total: number;
    /** null: rounding each component first happened to agree. */
    perComponent: number | null;
  };
  const cases: Case[] = [
    {
      // signing (1/3 × 1/2 + 1/3 × 1/2) × 40 = 40/3; three metrics 1/3 × 10 = 10/3 each: 40/3 + 30/3 = 70/3 = 23.333…
      name: 'thirds: 13.33 + 3 × 3.33 would print 23.32',
      formula: { ...none, signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 10, new_leads: 10, enterprises_contacted: 10 }, completionCap: 1.2 },
      target: { signed_projects: '3', signed_amount: '3', visits: '3', new_leads: '3', enterprises_contacted: '3' },
      actual: { signed_projects: '1', signed_amount: '1', visits: '1', new_leads: '1', enterprises_contacted: '1' },
      exact: [70n, 3n],
      total: 23.33,
      perComponent: 23.32,
    },
    {
      // 1/2000 × 10 = 1/200 = 0.005, twice: 1/100 = 0.01 (each rounded up first: 0.02)
      name: 'two half cents make one cent, not two',
      formula: { ...none, weights: { visits: 10, new_leads: 10 }, completionCap: 1.2 },
      target: { visits: '2000', new_leads: '2000' },
      actual: { visits: '1', new_leads: '1' },
      exact: [1n, 100n],
      total: 0.01,
      perComponent: 0.02,
    },
    {
      // 223/1000 × 5 = 1.115 and 445/1000 × 5 = 2.225: 3.34 (rounded first: 1.12 + 2.23 = 3.35)
      name: 'two components that round up each, summing to an exact cent',
      formula: { ...none, weights: { visits: 5, new_leads: 5 }, completionCap: 1.2 },
      target: { visits: '1000', new_leads: '1000' },
      actual: { visits: '223', new_leads: '445' },
      exact: [334n, 100n],
      total: 3.34,
      perComponent: 3.35,
    },
    {
      // 7/10 × 15 = 10.5 and 1015/1000 × 1 = 1.015: 11.515 → 11.52 (the float 1.015 rounds to 1.01: 11.51)
      name: 'a half cent the float misses',
      formula: { ...none, weights: { visits: 15, completed_investment: 1 }, completionCap: 1.2 },
      target: { visits: '10', completed_investment: '1000' },
      actual: { visits: '7', completed_investment: '1015' },
      exact: [11515n, 1000n],
      total: 11.52,
      perComponent: 11.51,
    },
    {
      // nothing scored, one project late at 2.005: −2.005 → −2.01 (half up, away from zero; the float gave −2)
      name: 'a negative half cent',
      formula: { ...none, weights: {}, completionCap: 1.2, deductions: { pastStartDeadline: 2.005 } },
      target: {},
      actual: {},
      pastStartDeadline: 1,
      exact: [-2005n, 1000n],
      total: -2.01,
      perComponent: -2,
    },
    {
      // signing (5/4 capped at 6/5, × 1/2 + 1/7 × 1/2) × 40 = 24 + 20/7; visits 1/7 × 10 = 10/7: 24 + 30/7 = 198/7 = 28.2857… → 28.29
      name: 'sevenths and a cap: 24 + 20/7 + 10/7 = 198/7',
      formula: { ...none, signing: { weight: 40, countShare: 0.5, amountShare: 0.5 }, weights: { visits: 10 }, completionCap: 1.2 },
      target: { signed_projects: '4', signed_amount: '70000', visits: '7' },
      actual: { signed_projects: '5', signed_amount: '10000', visits: '1' },
      exact: [198n, 7n],
      total: 28.29,
      perComponent: null,
    },
  ];

  /** Rounds n/d half up (away from zero) to cents with BigInt, as a number of cents. */
  const centsOf = ([n, d]: [bigint, bigint]) => {
    const abs = n < 0n ? -n : n;
    const c = (abs * 200n + d) / (2n * d);
    return Number(n < 0n ? -c : c);
  };

  it.each(cases)('$name', (c) => {
    const s = score(c.formula, { target: c.target, actual: { ...zeroMetrics(), ...c.actual }, signingAmounts: [], pastStartDeadline: c.pastStartDeadline ?? 0 });
    // The hand-made total agrees with the BigInt rounding of the hand-made fraction.
    expect(Math.round(c.total * 100)).toBe(centsOf(c.exact));
    expect(s.total).toBe(c.total);
    // Where rounding each component first differed, it was off by exactly one cent.
    expect(c.perComponent === null ? 1 : Math.abs(Math.round(c.perComponent * 100) - centsOf(c.exact))).toBe(1);
    // The exact total, to 6 places, is the hand-made fraction.
    const [n, d] = c.exact;
    const micro = ((n < 0n ? -n : n) * 2_000_000n + d) / (2n * d);
    expect(s.exact?.total).toBe(`${n < 0n ? '-' : ''}${micro / 1_000_000n}.${(micro % 1_000_000n).toString().padStart(6, '0')}`);
    // The components shown add up to the total to the cent, each within a cent of its exact value.
    const partsCents = [s.signing, ...Object.values(s.metrics).map((v) => v ?? 0), -s.bandPenalty, -s.deduction].map((v) => Math.round(v * 100));
    expect(partsCents.reduce((a, b) => a + b, 0)).toBe(Math.round(s.total * 100));
    const exactParts = [s.exact?.signing, ...Object.values(s.exact?.metrics ?? {}), `-${s.exact?.bandPenalty}`, `-${s.exact?.deduction}`].map((v) => Math.round(Number(v) * 1_000_000));
    partsCents.forEach((p, i) => expect(Math.abs(p * 10_000 - (exactParts[i] as number))).toBeLessThan(10_000));
  });

  it('shows 13.34 + 3.33 × 3 for 70/3: the remainder cent goes to the largest remainder (the first on a tie)', () => {
    const c = cases[0] as Case;
    const s = score(c.formula, { target: c.target, actual: { ...zeroMetrics(), ...c.actual }, signingAmounts: [], pastStartDeadline: 0 });
    expect(shown(s)).toEqual({ total: 23.33, signing: 13.34, metrics: { visits: 3.33, new_leads: 3.33, enterprises_contacted: 3.33 }, bandPenalty: 0, deduction: 0 });
    expect(s.exact).toEqual({ total: '23.333333', signing: '13.333333', metrics: { visits: '3.333333', new_leads: '3.333333', enterprises_contacted: '3.333333' }, bandPenalty: '0.000000', deduction: '0.000000' });
  });

  it('reads the weights as the decimals written in the formula (0.1 is a tenth)', () => {
    // (1 × 0.1 + 1 × 0.2) × 10 = 3 exactly; in floats (0.1 + 0.2) × 10 = 3.0000000000000004
    const f: ScoringFormula = { ...none, signing: { weight: 10, countShare: 0.1, amountShare: 0.2 }, weights: {}, completionCap: 1 };
    const s = score(f, { target: { signed_projects: '1', signed_amount: '1' }, actual: { ...zeroMetrics(), signed_projects: '1', signed_amount: '1' }, signingAmounts: [], pastStartDeadline: 0 });
    expect(s.exact?.total).toBe('3.000000');
    expect(s.total).toBe(3);
  });

  it('describes the formula from its own weights', () => {
    const text = describeFormula(loadScoringFormula());
    expect(text).toContain('(签约项目数完成率×0.5 + 签约金额完成率×0.5) × 40');
    expect(text).toContain('对接企业数×10');
    expect(text).toContain('封顶 120%');
    expect(text).toContain('逾期未开工项目每个扣 1 分');
    expect(text).toContain('只舍入一次');
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
