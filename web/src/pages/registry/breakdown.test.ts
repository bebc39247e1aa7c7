import { describe, expect, it } from 'vitest';
import { countyBreakdown } from './breakdown';

const kl = { id: 'k', name: '开鲁县' };
const kq = { id: 'q', name: '科尔沁区' };

describe('三未 by 旗县区', () => {
  it('counts each list per 旗县区, overdue apart, most projects first', () => {
    const rows = countyBreakdown([
      [{ regionUnit: kl, overdueDays: 10 }, { regionUnit: kq, overdueDays: 0 }, { regionUnit: kq, overdueDays: null }],
      [{ regionUnit: kq, overdueDays: 3 }],
      [{ regionUnit: null, overdueDays: 1 }],
    ]);
    // Hand count: 科尔沁区 2 + 1 = 3 projects (1 overdue, list two); 开鲁县 1 (overdue); 未指定 1 (overdue), always last.
    expect(rows).toEqual([
      { id: 'q', name: '科尔沁区', counts: [2, 1, 0], overdue: [0, 1, 0] },
      { id: 'k', name: '开鲁县', counts: [1, 0, 0], overdue: [1, 0, 0] },
      { id: null, name: '未指定', counts: [0, 0, 1], overdue: [0, 0, 1] },
    ]);
  });

  it('is empty for empty lists', () => {
    expect(countyBreakdown([[], [], []])).toEqual([]);
  });
});
