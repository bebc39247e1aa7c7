import { LEAD_SOURCE_LABELS, LEAD_STAGE_LABELS, LeadSource, LeadStage } from './entities/lead-stage';

/**
 * The columns of the lead spreadsheet (线索台账), shared by the export (which writes them in this
 * order) and the history import (which reads them by header), so that an export re-imports unchanged.
 */
export type LeadSheetKey =
  | 'id'
  | 'title'
  | 'enterprise'
  | 'creditCode'
  | 'team'
  | 'owner'
  | 'industryChain'
  | 'targetRegion'
  | 'sourceRegion'
  | 'intendedAmount'
  | 'expectedSignDate'
  | 'source'
  | 'isAnchor'
  | 'stage'
  | 'sideStateReason'
  | 'registeredOn'
  | 'notes';

/** What a column holds: how the export formats it and the import reads it. */
export type SheetColumnKind = 'text' | 'date' | 'amount' | 'yesNo';

export interface SheetColumn<K extends string> {
  key: K;
  /** The header the export writes and the import prefers. */
  header: string;
  /** Other headers people use for the same column in their own lists. */
  synonyms: string[];
  kind: SheetColumnKind;
  /** Export column width, in characters. */
  width: number;
  /** The import refuses a row without it (and a file without the column). */
  required?: boolean;
}

export const LEAD_SHEET_COLUMNS: ReadonlyArray<SheetColumn<LeadSheetKey>> = [
  { key: 'id', header: '线索编号', synonyms: ['编号', '线索id', '线索ID'], kind: 'text', width: 38 },
  { key: 'title', header: '线索名称', synonyms: ['项目名称', '线索标题', '项目'], kind: 'text', width: 30, required: true },
  { key: 'enterprise', header: '企业名称', synonyms: ['公司名称', '单位名称', '投资方', '投资主体', '企业'], kind: 'text', width: 30, required: true },
  { key: 'creditCode', header: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码', '统一信用代码'], kind: 'text', width: 22 },
  { key: 'team', header: '招商队', synonyms: ['招商小分队', '所属招商队', '招商队名称'], kind: 'text', width: 18, required: true },
  { key: 'owner', header: '负责人', synonyms: ['项目负责人', '跟进人', '责任人'], kind: 'text', width: 12, required: true },
  { key: 'industryChain', header: '所属产业链', synonyms: ['产业链'], kind: 'text', width: 16, required: true },
  { key: 'targetRegion', header: '拟落地旗县区', synonyms: ['落地旗县区', '拟落地地区', '拟落地区域', '落地地区'], kind: 'text', width: 14 },
  { key: 'sourceRegion', header: '客商来源地', synonyms: ['招商重点区域', '来源地区', '客商来源'], kind: 'text', width: 12 },
  { key: 'intendedAmount', header: '拟投资额（万元）', synonyms: ['拟投资额', '意向投资额', '意向投资额（万元）', '投资额', '计划投资额'], kind: 'amount', width: 16 },
  { key: 'expectedSignDate', header: '预计签约日期', synonyms: ['计划签约日期', '预计签约时间'], kind: 'date', width: 14 },
  { key: 'source', header: '招商方式', synonyms: ['线索来源', '来源'], kind: 'text', width: 12, required: true },
  { key: 'isAnchor', header: '牵引性项目', synonyms: ['是否牵引性项目'], kind: 'yesNo', width: 10 },
  { key: 'stage', header: '阶段', synonyms: ['推进阶段', '项目阶段', '进展阶段'], kind: 'text', width: 12, required: true },
  { key: 'sideStateReason', header: '搁置/终止原因', synonyms: ['搁置原因', '终止原因', '原因'], kind: 'text', width: 24 },
  { key: 'registeredOn', header: '登记日期', synonyms: ['首次接触日期', '首报日期', '录入日期'], kind: 'date', width: 12 },
  { key: 'notes', header: '备注', synonyms: ['说明'], kind: 'text', width: 30 },
];

/** Words spreadsheets use for a stage, beside the labels the product shows. */
const STAGE_WORDS: Record<string, LeadStage> = {
  ...Object.fromEntries(Object.entries(LEAD_STAGE_LABELS).map(([stage, label]) => [label, stage as LeadStage])),
  接洽: LeadStage.Contacted,
  考察: LeadStage.SiteVisit,
  洽谈: LeadStage.Negotiating,
  在谈: LeadStage.Negotiating,
  签约: LeadStage.Signed,
  暂停: LeadStage.OnHold,
};

/** The stage a cell names, if any. */
export function stageOf(text: string): LeadStage | undefined {
  return STAGE_WORDS[text.replace(/[\s\u3000]+/g, '')];
}

const SOURCE_WORDS: Record<string, LeadSource> = Object.fromEntries(Object.entries(LEAD_SOURCE_LABELS).map(([source, label]) => [label, source as LeadSource]));

/** The 招商方式 a cell names, if any. */
export function leadSourceOf(text: string): LeadSource | undefined {
  return SOURCE_WORDS[text.replace(/[\s\u3000]+/g, '')];
}

/** The labels accepted in a column, for a message. */
export const STAGE_CHOICES = Object.values(LEAD_STAGE_LABELS).join('、');
export const SOURCE_CHOICES = Object.values(LEAD_SOURCE_LABELS).join('、');

/** The report-workbook format of a sheet column. */
export function reportFormat(kind: SheetColumnKind): 'text' | 'date' | 'amount' {
  return kind === 'yesNo' ? 'text' : kind;
}
