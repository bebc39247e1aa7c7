import { amountTitle, amountUnit, formatAmount, type AmountUnit } from './money';

/** The metrics targets are set in (src/metrics/metric.ts), in the order the service lists them. */
export const METRICS = [
  'enterprises_contacted',
  'visits',
  'new_leads',
  'signed_projects',
  'signed_amount',
  'projects_registered',
  'projects_started',
  'completed_investment',
  'funds_in_place',
] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_LABEL: Record<Metric, string> = {
  enterprises_contacted: '对接企业数',
  visits: '走访次数',
  new_leads: '新增线索',
  signed_projects: '签约项目数',
  signed_amount: '签约金额',
  projects_registered: '注册落地项目数',
  projects_started: '开工项目数',
  completed_investment: '完成投资',
  funds_in_place: '实际到位资金',
};

/** Column headers where space is short. */
export const METRIC_SHORT: Record<Metric, string> = {
  enterprises_contacted: '对接企业',
  visits: '走访',
  new_leads: '新增线索',
  signed_projects: '签约项目',
  signed_amount: '签约金额',
  projects_registered: '注册落地',
  projects_started: '开工项目',
  completed_investment: '完成投资',
  funds_in_place: '到位资金',
};

export const AMOUNT_METRICS: ReadonlySet<Metric> = new Set<Metric>(['signed_amount', 'completed_investment', 'funds_in_place']);

export const isAmountMetric = (m: string): boolean => AMOUNT_METRICS.has(m as Metric);

/**
 * A metric's value as read: amounts in `unit` (the one their column or table chose) or else 万元/亿元 by size; "12个" style counts otherwise.
 */
export function formatMetric(metric: string, value: string | null | undefined, unit?: AmountUnit): string {
  if (value == null || value === '') return '—';
  if (isAmountMetric(metric)) return formatAmount(value, unit);
  const counted = metric === 'visits' ? '次' : metric === 'enterprises_contacted' ? '家' : '个';
  return `${value.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${counted}`;
}

/**
 * The header of a column showing one metric, and the unit its amounts read in: "签约金额（亿元）"
 * once any value reaches 1亿元, so the cells show bare numbers in one unit; counts keep the label.
 */
export function metricHeader(metric: string, label: string, values: Array<string | null | undefined>): { title: string; unit?: AmountUnit } {
  if (!isAmountMetric(metric)) return { title: label };
  const unit = amountUnit(values);
  return { title: amountTitle(label, unit), unit };
}

/** "−30.41" points → "落后 30.41 个百分点"; "5" → "超前 5.00 个百分点". */
export function formatPoints(aheadBy: string): string {
  const n = Number(aheadBy);
  if (!Number.isFinite(n)) return aheadBy;
  if (Math.abs(n) < 0.005) return '与序时持平';
  return `${n > 0 ? '超前' : '落后'} ${Math.abs(n).toFixed(2)} 个百分点`;
}

export type ProgressStatus = 'done' | 'on_track' | 'behind';
export const STATUS_LABEL: Record<ProgressStatus, string> = { done: '已完成', on_track: '正常', behind: '滞后' };
export const STATUS_COLOR: Record<ProgressStatus, string> = { done: 'success', on_track: 'processing', behind: 'error' };
