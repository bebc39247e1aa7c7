import { CONVERSION_RATES, conversionRates, exactPercent } from './conversion-rates';

describe('the five conversion rates', () => {
  it('are defined once each, with words for numerator, denominator and an explanation naming the rate', () => {
    expect(CONVERSION_RATES.map((d) => d.label)).toEqual(['履约率', '开工率', '资金到位率', '落地率', '投产率']);
    expect(new Set(CONVERSION_RATES.map((d) => d.key)).size).toBe(5);
    for (const d of CONVERSION_RATES) {
      expect(d.explanation.startsWith(`${d.label} = `)).toBe(true);
      for (const text of [d.numerator, d.denominator, d.computation]) expect(text.length).toBeGreaterThan(0);
    }
    expect(CONVERSION_RATES.find((d) => d.label === '资金到位率')?.explanation).toBe('资金到位率 = 签约项目实际到位资金 ÷ 合同投资额');
  });

  it('round once, half up, to two decimals, from exact integers', () => {
    // Hand-worked: 2/3 = 66.666…% → 66.67; 1/8 = 12.5% → 12.50; 1/80000 = 0.00125% → 0.00;
    // 1/40000 = 0.0025% → 0.00 (third decimal 2); 1/20000 = 0.005% → 0.01 (the half goes up).
    expect(exactPercent(2n, 3n)).toBe('66.67');
    expect(exactPercent(1n, 8n)).toBe('12.50');
    expect(exactPercent(1n, 80000n)).toBe('0.00');
    expect(exactPercent(1n, 40000n)).toBe('0.00');
    expect(exactPercent(1n, 20000n)).toBe('0.01');
    expect(exactPercent(3n, 2n)).toBe('150.00');
    expect(exactPercent(0n, 7n)).toBe('0.00');
    expect(exactPercent(5n, 0n)).toBeNull();
  });

  it('compute 资金到位率 on 万元 amounts exactly, where binary floats would round the other way', () => {
    // 1.005 ÷ 100 = 1.005% exactly: half up → 1.01 (a double holds 1.005 as 1.00499…, toFixed gives 1.00).
    const rates = conversionRates({ contracted: 4, performing: 3, landed: 2, started: 1, operating: 0, contractAmount: '100.0000', fundsInPlace: '1.0050' });
    expect(rates.map((r) => [r.key, r.value, r.numerator, r.denominator, r.unit])).toEqual([
      ['performance_rate', '75.00', '3', '4', 'projects'],
      ['start_rate', '25.00', '1', '4', 'projects'],
      ['funds_in_place_rate', '1.01', '1.005', '100', 'wan_yuan'],
      ['landing_rate', '50.00', '2', '4', 'projects'],
      ['production_rate', '0.00', '0', '4', 'projects'],
    ]);
  });

  it('answer no rate when nothing was signed', () => {
    const rates = conversionRates({ contracted: 0, performing: 0, landed: 0, started: 0, operating: 0, contractAmount: '0', fundsInPlace: '0' });
    expect(rates.map((r) => r.value)).toEqual([null, null, null, null, null]);
  });
});
