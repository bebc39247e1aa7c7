import { CellFormat } from '../common/spreadsheet/report-workbook';

export type ScheduleFigureKey = 'totalInvestment' | 'annualPlan' | 'completedInPeriod' | 'completedInMonth' | 'fundsInPeriod' | 'fundsInMonth';

/** A column of the 项目调度表: the export writes them in this order; the 调度 return reads them back by header. */
export interface ScheduleColumn {
  key: 'seq' | 'region' | 'chain' | 'name' | 'capacity' | ScheduleFigureKey | 'progress' | 'problems' | 'departments' | 'owner' | 'id';
  /** The header; `{months}` stands for the months counted (「1–10月」). */
  header: string;
  format: CellFormat;
  width?: number;
  wrap?: boolean;
}

export const SCHEDULE_COLUMNS: readonly ScheduleColumn[] = [
  { key: 'seq', header: '序号', format: 'index', width: 6 },
  { key: 'region', header: '旗县区', format: 'text' },
  { key: 'chain', header: '产业链', format: 'text' },
  { key: 'name', header: '项目名称', format: 'text', width: 30, wrap: true },
  { key: 'capacity', header: '建设内容', format: 'text', width: 30, wrap: true },
  { key: 'totalInvestment', header: '总投资', format: 'amount' },
  { key: 'annualPlan', header: '年度计划投资', format: 'amount' },
  { key: 'completedInPeriod', header: '{months}完成投资', format: 'amount' },
  { key: 'completedInMonth', header: '本月完成投资', format: 'amount' },
  { key: 'fundsInPeriod', header: '{months}到位资金', format: 'amount' },
  { key: 'fundsInMonth', header: '本月到位资金', format: 'amount' },
  { key: 'progress', header: '当前节点及进展', format: 'text', width: 24, wrap: true },
  { key: 'problems', header: '存在问题（卡点堵点）', format: 'text', width: 30, wrap: true },
  { key: 'departments', header: '责任部门', format: 'text', width: 16, wrap: true },
  { key: 'owner', header: '项目负责人', format: 'text' },
  { key: 'id', header: '项目编号', format: 'text', width: 38 },
];

/** The headers as the export writes them, for a window naming its months `monthsLabel`. */
export function scheduleHeaders(monthsLabel: string): string[] {
  return SCHEDULE_COLUMNS.map((c) => c.header.replace('{months}', monthsLabel));
}
