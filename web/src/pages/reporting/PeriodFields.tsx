import { DatePicker, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { PERIOD_TYPES, type ReportPeriod } from './report';
import '../../format/calendar';

const HALVES = [
  { value: 1, label: '上半年' },
  { value: 2, label: '下半年' },
];
const QUARTERS = [1, 2, 3, 4].map((q) => ({ value: q, label: `第${'一二三四'[q - 1]}季度` }));
const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `1–${i + 1}月` }));

/** A month picker's value as YYYY-MM. */
const ym = (d: Dayjs | null, fallback: string) => (d ? d.format('YYYY-MM') : fallback);

/** A report period's fields for its type: 年度, 1–N月, 半年, 季度 or a range of months. */
export function PeriodFields({ value, onChange }: { value: ReportPeriod; onChange: (p: ReportPeriod) => void }) {
  const set = (patch: Partial<ReportPeriod>) => onChange({ ...value, ...patch });
  if (value.periodType === 'range') {
    return (
      <DatePicker.RangePicker
        picker="month"
        aria-label="月份区间"
        allowClear={false}
        placeholder={['起始月份', '截止月份']}
        value={[dayjs(`${value.from}-01`), dayjs(`${value.to}-01`)]}
        onChange={(r) => r && set({ from: ym(r[0], value.from), to: ym(r[1], value.to) })}
      />
    );
  }
  return (
    <Space.Compact>
      <InputNumber aria-label="年度" min={2000} max={2100} value={value.year} onChange={(y) => y !== null && y >= 2000 && y <= 2100 && set({ year: y })} suffix="年" style={{ width: 110 }} />
      {value.periodType === 'ytd' && <Select aria-label="月份" style={{ width: 110 }} value={value.month} onChange={(month) => set({ month })} options={MONTHS} />}
      {value.periodType === 'half' && <Select aria-label="半年" style={{ width: 110 }} value={value.half} onChange={(half) => set({ half })} options={HALVES} />}
      {value.periodType === 'quarter' && <Select aria-label="季度" style={{ width: 120 }} value={value.quarter} onChange={(quarter) => set({ quarter })} options={QUARTERS} />}
    </Space.Compact>
  );
}

/** The 通报's period and its 数据截至 date: the type, the type's fields, the cut-off day. */
export function ReportPeriodControls({ period, onPeriod, asOf, onAsOf }: { period: ReportPeriod; onPeriod: (p: ReportPeriod) => void; asOf: string; onAsOf: (day: string) => void }) {
  return (
    <>
      <Select aria-label="期间类型" style={{ width: 130 }} value={period.periodType} onChange={(periodType) => onPeriod({ ...period, periodType })} options={PERIOD_TYPES} />
      <PeriodFields value={period} onChange={onPeriod} />
      <DatePicker
        aria-label="数据截至"
        placeholder="数据截至"
        allowClear={false}
        value={dayjs(asOf)}
        onChange={(d) => d && onAsOf(d.format('YYYY-MM-DD'))}
        format="数据截至 YYYY-MM-DD"
        style={{ width: 190 }}
      />
    </>
  );
}
