import { describe, expect, it } from 'vitest';
import { densityOf, headerRows } from './layout';

describe('a report table’s header rows', () => {
  it('is one row when no column has a group', () => {
    expect(headerRows([{ key: 'a', title: '序号' }, { key: 'b', title: '项目名称' }])).toEqual([
      [
        { key: 'a', title: '序号', colSpan: 1, rowSpan: 1 },
        { key: 'b', title: '项目名称', colSpan: 1, rowSpan: 1 },
      ],
    ]);
  });

  it('merges neighbouring columns of a group over their own titles, as the .xlsx does', () => {
    const [top, bottom] = headerRows([
      { key: 'rank', title: '排名' },
      { key: 't1', title: '目标', group: '签约金额' },
      { key: 'a1', title: '完成', group: '签约金额' },
      { key: 't2', title: '目标', group: '开工项目数' },
      { key: 'score', title: '得分' },
      { key: 't3', title: '目标', group: '签约金额' },
    ]);
    expect(top!.map((c) => [c.title, c.colSpan, c.rowSpan])).toEqual([
      ['排名', 1, 2],
      ['签约金额', 2, 1],
      ['开工项目数', 1, 1],
      ['得分', 1, 2],
      ['签约金额', 1, 1],
    ]);
    expect(bottom!.map((c) => c.key)).toEqual(['t1', 'a1', 't2', 't3']);
    // Keys stay unique, so React can tell the two 签约金额 headings apart.
    expect(new Set(top!.map((c) => c.key)).size).toBe(top!.length);
  });
});

describe('a table’s print type', () => {
  it('shrinks as columns grow', () => {
    expect(densityOf(11)).toBe('normal');
    expect(densityOf(14)).toBe('dense');
    expect(densityOf(27)).toBe('dense');
    expect(densityOf(31)).toBe('denser');
  });
});
