import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import '../../format/calendar';

/** 推迟 to a picked day: today or later, the calendar open at once. */
export default function PickDate({ today, disabled, onPick }: { today: string; disabled: boolean; onPick: (date: string) => void }) {
  return (
    <DatePicker
      autoFocus
      defaultOpen
      inputReadOnly
      disabled={disabled}
      placeholder="选择日期"
      aria-label="推迟到哪一天"
      disabledDate={(d: Dayjs) => d.format('YYYY-MM-DD') < today}
      onChange={(d: Dayjs | null) => d && onPick(d.format('YYYY-MM-DD'))}
    />
  );
}
