import { describe, expect, it } from 'vitest';
import { enlarge, monthTileLabel } from './wall';

describe('wall screen', () => {
  it('names the tiles’ month: 本月 only for the current month', () => {
    expect(monthTileLabel('2026-12', '2026-12')).toBe('本月');
    expect(monthTileLabel('2024-12', '2026-12')).toBe('12月');
    expect(monthTileLabel('2024-03', '2026-12')).toBe('3月');
  });

  it('enlarges axis, legend and label text, keeping the rest of the option', () => {
    const big = enlarge({
      xAxis: { type: 'value', name: '亿元' },
      yAxis: [{ type: 'category', axisLabel: { interval: 0 } }, { type: 'value' }],
      legend: { top: 0 },
      series: [{ type: 'bar', label: { show: true } }, { type: 'line' }],
    }) as Record<string, unknown>;
    expect(big.xAxis).toEqual({ type: 'value', name: '亿元', axisLabel: { fontSize: 20 }, nameTextStyle: { fontSize: 18 } });
    expect(big.yAxis).toEqual([
      { type: 'category', axisLabel: { interval: 0, fontSize: 20 }, nameTextStyle: { fontSize: 18 } },
      { type: 'value', axisLabel: { fontSize: 20 }, nameTextStyle: { fontSize: 18 } },
    ]);
    expect(big.legend).toEqual({ top: 0, textStyle: { fontSize: 20 } });
    expect(big.series).toEqual([{ type: 'bar', label: { show: true, fontSize: 20 } }, { type: 'line' }]);
    const marked = enlarge({ series: [{ type: 'bar', markLine: { symbol: 'none', label: { position: 'end' } } }] }) as Record<string, unknown>;
    expect(marked.series).toEqual([{ type: 'bar', markLine: { symbol: 'none', label: { position: 'end', fontSize: 18 } } }]);
  });
});
