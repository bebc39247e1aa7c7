import { Select, Space } from 'antd';
import { beijingDate } from '../format/date';
import { PERIOD_PARTS, type Period } from './period';

/** Year and 全年/季度, as two selects. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const thisYear = Number(beijingDate().slice(0, 4));
  const years: number[] = [];
  for (let y = thisYear + 1; y >= Math.min(2020, value.year); y--) years.push(y);
  return (
    <Space.Compact>
      <Select
        aria-label="年度"
        style={{ width: 100 }}
        value={value.year}
        onChange={(year) => onChange({ ...value, year })}
        options={years.map((y) => ({ value: y, label: `${y}年` }))}
      />
      <Select
        aria-label="期间"
        style={{ width: 120 }}
        value={value.periodType === 'quarter' ? (value.quarter ?? 1) : 0}
        onChange={(q: number) => onChange(q === 0 ? { periodType: 'year', year: value.year } : { periodType: 'quarter', year: value.year, quarter: q })}
        options={PERIOD_PARTS}
      />
    </Space.Compact>
  );
}
