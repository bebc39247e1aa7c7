import { describe, expect, it } from 'vitest';
import { formatAmount, formatWan, formatYi } from './money';

describe('money', () => {
  it('shows 万元 with grouping and every decimal the API sent', () => {
    expect(formatWan('5919500')).toBe('5,919,500万元');
    expect(formatWan('708543.2109')).toBe('708,543.2109万元');
    expect(formatWan('0.5000')).toBe('0.5万元');
    expect(formatWan('0')).toBe('0万元');
    expect(formatWan('-12.50')).toBe('-12.5万元');
  });

  it('moves the decimal point for 亿元, exactly', () => {
    expect(formatYi('5919500')).toBe('591.95亿元');
    expect(formatYi('680600')).toBe('68.06亿元');
    expect(formatYi('708543.2109')).toBe('70.85432109亿元');
    expect(formatYi('1')).toBe('0.0001亿元');
    expect(formatYi('12345678901234.5678')).toBe('1,234,567,890.12345678亿元');
    expect(formatYi('-10000')).toBe('-1亿元');
  });

  it('picks 亿元 from 1亿元 up', () => {
    expect(formatAmount('9999.99')).toBe('9,999.99万元');
    expect(formatAmount('10000')).toBe('1亿元');
    expect(formatAmount('16000')).toBe('1.6亿元');
    expect(formatAmount(null)).toBe('—');
  });

  it('sums that binary floats get wrong stay right', () => {
    // 0.1 + 0.2 as floats is 0.30000000000000004; the API sends the exact sum.
    expect(formatWan('0.3')).toBe('0.3万元');
    expect(formatYi('5919500.0000')).toBe('591.95亿元');
  });
});
