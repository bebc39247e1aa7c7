import { describe, expect, it } from 'vitest';
import { cardRows, cellValue, fieldValue, leafColumns, rowKeyOf } from './responsive-table';

type Row = { id: string; name: string; unit?: { name: string }; children?: Row[] };

describe('responsive table helpers', () => {
  it('lists tree rows parent first, children indented after it', () => {
    const rows: Row[] = [
      { id: 'a', name: '通辽市', children: [{ id: 'b', name: '科尔沁区', children: [{ id: 'c', name: '一队' }] }, { id: 'd', name: '开鲁县' }] },
      { id: 'e', name: '奈曼旗' },
    ];
    expect(cardRows(rows, 'children').map((r) => `${r.record.id}${r.depth}`)).toEqual(['a0', 'b1', 'c2', 'd1', 'e0']);
  });

  it('reads a cell by dataIndex key or path, or through render', () => {
    const r: Row = { id: 'x', name: '梅花生物', unit: { name: '通辽市' } };
    expect(fieldValue<Row>({ dataIndex: 'name' }, r)).toBe('梅花生物');
    expect(fieldValue<Row>({ dataIndex: ['unit', 'name'] }, r)).toBe('通辽市');
    expect(fieldValue<Row>({}, r)).toBeUndefined();
    expect(cellValue<Row>({ dataIndex: 'name', render: (v: string, row) => `${v}/${row.id}` }, r, 0)).toBe('梅花生物/x');
    expect(cellValue<Row>({ render: () => ({ children: '合计', props: { colSpan: 2 } }) } as never, r, 0)).toBe('合计');
    expect(cellValue<Row>({ dataIndex: 'missing' }, r, 0)).toBe('');
  });

  it('flattens column groups and finds each row its key', () => {
    const cols = leafColumns<Row>([{ title: '名称', dataIndex: 'name' }, { title: '签约', children: [{ title: '目标', key: 't' }, { title: '完成', key: 'a' }] }]);
    expect(cols.map((c) => c.title)).toEqual(['名称', '目标', '完成']);
    expect(rowKeyOf<Row>('id', { id: 'k', name: '' }, 3)).toBe('k');
    expect(rowKeyOf<Row>((r) => `r-${r.name}`, { id: 'k', name: 'n' }, 3)).toBe('r-n');
    expect(rowKeyOf<Row>(undefined, { id: 'k', name: '' }, 3)).toBe('3');
  });
});
