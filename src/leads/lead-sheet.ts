import type { EnumOption } from '../common/spreadsheet/cells';
import type { ColumnKind, TableColumn } from '../common/spreadsheet/table-import';
import { LEAD_SOURCE_LABELS, LEAD_STAGE_LABELS, LeadSource, LeadStage } from './entities/lead-stage';

/** Words spreadsheets use for a stage, beside the labels the product shows. */
const STAGE_SYNONYMS: Partial<Record<LeadStage, string[]>> = {
  [LeadStage.Contacted]: ['接洽'],
  [LeadStage.SiteVisit]: ['考察'],
  [LeadStage.Negotiating]: ['洽谈', '在谈'],
  [LeadStage.Signed]: ['签约'],
  [LeadStage.OnHold]: ['暂停'],
};

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
  | 'coTeams'
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

/** A column of an exported list that its import reads back: the import's definition and the export's width. */
export type SheetColumn<K extends string> = TableColumn<K> & {
  /** Export column width, in characters. */
  width: number;
};

const STAGE_OPTIONS: ReadonlyArray<EnumOption<LeadStage>> = Object.values(LeadStage).map((stage) => ({ value: stage, label: LEAD_STAGE_LABELS[stage], synonyms: STAGE_SYNONYMS[stage] }));
const SOURCE_OPTIONS: ReadonlyArray<EnumOption<LeadSource>> = Object.values(LeadSource).map((source) => ({ value: source, label: LEAD_SOURCE_LABELS[source] }));

export const LEAD_SHEET_COLUMNS: ReadonlyArray<SheetColumn<LeadSheetKey>> = [
  { key: 'id', header: '线索编号', synonyms: ['编号', '线索id'], kind: { type: 'text', maxLength: 36 }, width: 38 },
  { key: 'title', header: '线索名称', synonyms: ['项目名称', '线索标题', '项目'], kind: { type: 'text', maxLength: 200, oneLine: true }, width: 30, required: true },
  { key: 'enterprise', header: '企业名称', synonyms: ['公司名称', '单位名称', '投资方', '投资主体', '企业'], kind: { type: 'text', maxLength: 200, oneLine: true }, width: 30, required: true },
  { key: 'creditCode', header: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码', '统一信用代码'], kind: { type: 'text', maxLength: 40 }, width: 22 },
  { key: 'team', header: '招商队', synonyms: ['招商小分队', '所属招商队', '招商队名称'], kind: { type: 'text', maxLength: 200, oneLine: true }, width: 18, required: true },
  { key: 'coTeams', header: '联合跟进招商队', synonyms: ['联合跟进', '协同招商队'], kind: { type: 'text', maxLength: 2000, oneLine: true }, width: 18 },
  { key: 'owner', header: '负责人', synonyms: ['项目负责人', '跟进人', '责任人'], kind: { type: 'text', maxLength: 64, oneLine: true }, width: 12, required: true },
  { key: 'industryChain', header: '所属产业链', synonyms: ['产业链'], kind: { type: 'text', maxLength: 64, oneLine: true }, width: 16, required: true },
  { key: 'targetRegion', header: '拟落地旗县区', synonyms: ['落地旗县区', '拟落地地区', '拟落地区域', '落地地区'], kind: { type: 'text', maxLength: 64, oneLine: true }, width: 14 },
  { key: 'sourceRegion', header: '客商来源地', synonyms: ['招商重点区域', '来源地区', '客商来源'], kind: { type: 'text', maxLength: 64, oneLine: true }, width: 12 },
  { key: 'intendedAmount', header: '拟投资额（万元）', synonyms: ['意向投资额', '投资额', '计划投资额'], kind: { type: 'amount' }, width: 16 },
  { key: 'expectedSignDate', header: '预计签约日期', synonyms: ['计划签约日期', '预计签约时间'], kind: { type: 'date' }, width: 14 },
  { key: 'source', header: '招商方式', synonyms: ['线索来源', '来源'], kind: { type: 'enum', options: SOURCE_OPTIONS }, width: 12, required: true },
  { key: 'isAnchor', header: '牵引性项目', synonyms: ['是否牵引性项目'], kind: { type: 'yesNo' }, width: 10 },
  { key: 'stage', header: '阶段', synonyms: ['推进阶段', '项目阶段', '进展阶段'], kind: { type: 'enum', options: STAGE_OPTIONS }, width: 12, required: true },
  { key: 'sideStateReason', header: '搁置/终止原因', synonyms: ['搁置原因', '终止原因', '原因'], kind: { type: 'text', maxLength: 500 }, width: 24 },
  { key: 'registeredOn', header: '登记日期', synonyms: ['首次接触日期', '首报日期', '录入日期'], kind: { type: 'date' }, width: 12 },
  { key: 'notes', header: '备注', synonyms: ['说明'], kind: { type: 'text', maxLength: 2000 }, width: 30 },
];

/** The report-workbook format of a sheet column: amounts and dates as such, the rest as text. */
export function reportFormat(kind: ColumnKind): 'text' | 'date' | 'amount' {
  return kind.type === 'amount' || kind.type === 'date' ? kind.type : 'text';
}
