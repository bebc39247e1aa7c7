import { describe, expect, it } from 'vitest';
import { amountTitle, amountUnit, exactAmount, formatAmount, formatAmountIn, formatWan, formatYi } from './money';

// Every expected value below is worked out by hand from the 万元 string: 1亿元 = 10,000万元.
describe('money', () => {
  it('shows 万元 with grouping and every decimal the API sent', () => {
    expect(formatWan('5919500')).toBe('5,919,500万元');
    expect(formatWan('708543.2109')).toBe('708,543.2109万元');
    expect(formatWan('0.5000')).toBe('0.5万元');
    expect(formatWan('0')).toBe('0万元');
    expect(formatWan('-12.50')).toBe('-12.5万元');
  });

  it.each([
    // [万元 from the API, 亿元 shown]
    ['5919500', '591.95'],
    ['680600', '68.06'],
    ['1646657.589', '164.67'], // 164.6657589 → up
    ['708543.2109', '70.85'], // 70.85432109 → down
    ['10000000047.9999', '1,000,000'], // 1,000,000.00479999 → third decimal 4, down
    ['50', '0.01'], // 0.005 → half-up
    ['49.9999', '0'], // 0.00499999 → down to nothing
    ['150', '0.02'], // 0.015 → up (a float would say 0.01)
    ['250', '0.03'], // 0.025
    ['99950', '10'], // 9.995 → carries into the units
    ['9999950', '1,000'], // 999.995 → carries through every nine
    ['10000000047999.9', '1,000,000,004.8'], // the 1,000,000,004.79999亿元
    ['1', '0'],
    ['0', '0'],
    ['10000', '1'],
    ['16000', '1.6'],
    ['12345678901234.5678', '1,234,567,890.12'], // 14 digits, beyond a double's exact integers once scaled
    ['99999999999999.9999', '10,000,000,000'], // the numeric(18,4) maximum rounds up
    ['-10000', '-1'],
    ['-50', '-0.01'], // half away from zero, as 四舍五入 reads
    ['-49', '0'], // no "-0"
    ['-1646657.589', '-164.67'],
    ['0005919500.0000', '591.95'],
  ])('%s万元 reads %s in 亿元', (wan, yi) => {
    expect(formatAmountIn(wan, '亿元')).toBe(yi);
    expect(formatYi(wan)).toBe(`${yi}亿元`);
  });

  it('reads 万元 in 万元 unrounded', () => {
    expect(formatAmountIn('1646657.589', '万元')).toBe('1,646,657.589');
    expect(formatAmountIn('0.0001', '万元')).toBe('0.0001');
    expect(formatAmountIn('-5000', '万元')).toBe('-5,000');
  });

  it('picks 亿元 from 1亿元 up for a lone amount', () => {
    expect(formatAmount('9999.99')).toBe('9,999.99万元');
    expect(formatAmount('10000')).toBe('1亿元');
    expect(formatAmount('16000')).toBe('1.6亿元');
    expect(formatAmount('-25000')).toBe('-2.5亿元');
    expect(formatAmount(null)).toBe('—');
    expect(formatAmount('')).toBe('—');
    expect(formatAmount('n/a')).toBe('n/a');
  });

  it('keeps the unit a column chose', () => {
    expect(formatAmount('30', '亿元')).toBe('0亿元');
    expect(formatAmount('16000', '万元')).toBe('16,000万元');
  });

  it('chooses one unit for a column: 亿元 once any amount reaches 1亿元', () => {
    expect(amountUnit(['30', '9999.9999', null])).toBe('万元');
    expect(amountUnit(['30', '10000'])).toBe('亿元');
    expect(amountUnit(['-10000'])).toBe('亿元');
    expect(amountUnit([])).toBe('万元');
    expect(amountTitle('总投资', '亿元')).toBe('总投资（亿元）');
  });

  it('keeps the exact value for the hover title and exports', () => {
    expect(exactAmount('1646657.5890')).toBe('1,646,657.589万元');
    expect(exactAmount('10000000047.9999')).toBe('10,000,000,047.9999万元');
    expect(exactAmount(null)).toBeUndefined();
    expect(exactAmount('n/a')).toBeUndefined();
  });

  it('sums that binary floats get wrong stay right', () => {
    // 0.1 + 0.2 as floats is 0.30000000000000004; the API sends the exact sum.
    expect(formatWan('0.3')).toBe('0.3万元');
    expect(formatYi('5919500.0000')).toBe('591.95亿元');
  });
});
