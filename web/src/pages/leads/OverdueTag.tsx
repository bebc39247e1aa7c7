import { Tag } from 'antd';
import type { LeadView } from '../../api/views';
import { formatDate } from '../../format/date';

/** 「已逾期」: the lead is still open and its 预计签约日期 is before today (Beijing day; the service decides). */
export function OverdueTag({ lead }: { lead: Pick<LeadView, 'isOverdue' | 'expectedSignDate'> }) {
  if (!lead.isOverdue) return null;
  return (
    <Tag color="error" title={`预计签约日期 ${formatDate(lead.expectedSignDate)} 已过`} data-testid="overdue">
      已逾期
    </Tag>
  );
}
