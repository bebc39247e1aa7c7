import { describe, expect, it } from 'vitest';
import { formatMetric, formatPoints } from './metrics';

describe('metrics', () => {
  it('shows amounts in 万元/亿元 exactly and counts with their unit', () => {
    expect(formatMetric('signed_amount', '800000')).toBe('80亿元');
    expect(formatMetric('completed_investment', '9999.5')).toBe('9,999.5万元');
    expect(formatMetric('visits', '1200')).toBe('1,200次');
    expect(formatMetric('enterprises_contacted', '12')).toBe('12家');
    expect(formatMetric('signed_projects', '3')).toBe('3个');
    expect(formatMetric('signed_projects', undefined)).toBe('—');
  });
  it('reads points against 序时进度', () => {
    expect(formatPoints('-30.41')).toBe('落后 30.41 个百分点');
    expect(formatPoints('5')).toBe('超前 5.00 个百分点');
    expect(formatPoints('0.00')).toBe('与序时持平');
  });
});
