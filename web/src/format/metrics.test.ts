import { describe, expect, it } from 'vitest';
import { formatMetric, formatPoints, metricHeader } from './metrics';

describe('metrics', () => {
  it('shows amounts in 万元/亿元 exactly and counts with their unit', () => {
    expect(formatMetric('signed_amount', '800000')).toBe('80亿元');
    expect(formatMetric('completed_investment', '9999.5')).toBe('9,999.5万元');
    expect(formatMetric('visits', '1200')).toBe('1,200次');
    expect(formatMetric('enterprises_contacted', '12')).toBe('12家');
    expect(formatMetric('signed_projects', '3')).toBe('3个');
    expect(formatMetric('signed_projects', undefined)).toBe('—');
    // In the unit a table chose: 9,999.5万元 is 0.99995亿元, two decimals half-up.
    expect(formatMetric('completed_investment', '9999.5', '亿元')).toBe('1亿元');
    expect(formatMetric('signed_amount', '800000', '万元')).toBe('800,000万元');
    expect(formatMetric('visits', '1200', '亿元')).toBe('1,200次');
  });
  it('puts an amount column\'s one unit in its header', () => {
    expect(metricHeader('signed_amount', '签约金额', ['5000', '10000', null])).toEqual({ title: '签约金额（亿元）', unit: '亿元' });
    expect(metricHeader('funds_in_place', '到位资金', ['5000', '9999.9999'])).toEqual({ title: '到位资金（万元）', unit: '万元' });
    expect(metricHeader('visits', '走访', ['50000'])).toEqual({ title: '走访' });
  });
  it('reads points against 序时进度', () => {
    expect(formatPoints('-30.41')).toBe('落后 30.41 个百分点');
    expect(formatPoints('5')).toBe('超前 5.00 个百分点');
    expect(formatPoints('0.00')).toBe('与序时持平');
  });
});
