import { formatWanYuan, fromNumeric, parseWanYuan, plainNumberText, sumWanYuan, toUnits, wanYuanToYiYuan } from './wan-yuan';

describe('wan-yuan money', () => {
  it.each([
    ['5919500', '5919500'],
    ['591.95', '591.95'],
    ['0.0001', '0.0001'],
    ['1.5000', '1.5'],
    [591.95, '591.95'],
    [100, '100'],
    ['-3.25', '-3.25'],
  ])('parses %p as %p', (input, expected) => {
    expect(parseWanYuan(input)).toBe(expected);
  });

  it.each([['1.23456'], [0.1 + 0.2], [1e21], ['1e5'], [''], ['abc'], [Number.NaN], [null], ['123456789012345']])('refuses %p', (input) => {
    expect(parseWanYuan(input)).toBeNull();
  });

  it('takes a JSON number only while a double carries it exactly (15 significant digits)', () => {
    expect(parseWanYuan(12345678901.2345)).toBe('12345678901.2345');
    expect(parseWanYuan(99999999999999)).toBe('99999999999999');
    expect(parseWanYuan(0.0001)).toBe('0.0001');
    // JSON.parse('12345678901234.5678') is 12345678901234.568: not the amount that was sent.
    expect(parseWanYuan(JSON.parse('12345678901234.5678'))).toBeNull();
    expect(parseWanYuan(123456789012.3456)).toBeNull();
    // The same digits as a string are exact.
    expect(parseWanYuan('12345678901234.5678')).toBe('12345678901234.5678');
  });

  it('adds 31 fractional signings exactly', () => {
    const amounts = Array.from({ length: 31 }, (_, i) => (i === 30 ? '190944.9999' : `${i + 1}.0001`));
    const expected = formatWanYuan(amounts.reduce((s, a) => s + toUnits(a), 0n));
    expect(sumWanYuan(amounts)).toBe(expected);
    expect(sumWanYuan(['0.1', '0.2'])).toBe('0.3');
  });

  it('converts numeric text and 亿元', () => {
    expect(fromNumeric('5919500.0000')).toBe('5919500');
    expect(fromNumeric(null)).toBe('0');
    expect(wanYuanToYiYuan('5919500')).toBe('591.95');
    expect(wanYuanToYiYuan('680600')).toBe('68.06');
    expect(wanYuanToYiYuan('0.0001')).toBe('0.00000001');
  });

  it.each([
    ['5,000', '5000'],
    [' 50000 ', '50000'],
    ['５００００', '50000'],
    ['５，０００', '5000'],
    ['¥1,234.5', '1234.5'],
    ['12\u3000345', '12345'],
  ])('reads the pasted %p as %p', (pasted, plain) => {
    expect(plainNumberText(pasted)).toBe(plain);
    expect(parseWanYuan(pasted)).toBe(plain);
  });

  it.each([['50,00'], ['5,0000'], [',500']])('refuses misplaced separators in %p', (pasted) => {
    expect(plainNumberText(pasted)).toBeNull();
    expect(parseWanYuan(pasted)).toBeNull();
  });
});

describe('formatWanYuan on the edges (by hand)', () => {
  it.each([
    [0n, '0'],
    [1n, '0.0001'],
    [-1n, '-0.0001'],
    [10n, '0.001'],
    [9999n, '0.9999'],
    [10_000n, '1'],
    [-50_000n, '-5'],
    [100_100n, '10.01'],
    [123_456_789n, '12345.6789'],
    [999_999_999_999_999_999n, '99999999999999.9999'],
    [10n ** 30n, '100000000000000000000000000'],
    [-(10n ** 30n + 5_000n), '-100000000000000000000000000.5'],
  ])('%p units → %p', (units, text) => {
    expect(formatWanYuan(units)).toBe(text);
  });
});

describe('toUnits and formatWanYuan against plain BigInt arithmetic', () => {
  // A seeded generator, so a failure repeats.
  let seed = 20261207;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');

  it('agree on 20,000 amounts of every shape a column or a form gives (0–14 whole digits, 0–4 decimals, signs, zeros)', () => {
    for (let i = 0; i < 20_000; i++) {
      const whole = digits(Math.floor(next() * 15));
      const frac = digits(Math.floor(next() * 5));
      const negative = next() < 0.2;
      const text = `${negative ? '-' : ''}${whole}${frac || next() < 0.5 ? `.${frac}` : ''}`;
      // By hand: whole × 10,000 + the decimals scaled to 4 places.
      const expected = (BigInt(whole || '0') * 10_000n + BigInt((frac + '0000').slice(0, 4))) * (negative ? -1n : 1n);
      expect(toUnits(text)).toBe(expected);
      // Canonical: no leading zeros but one before the point, no trailing zeros after it.
      const abs = expected < 0n ? -expected : expected;
      const w = (abs / 10_000n).toString();
      const f = (abs % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
      expect(formatWanYuan(expected)).toBe(`${expected < 0n ? '-' : ''}${w}${f ? `.${f}` : ''}`);
    }
  });
});
