import type { EnumOption } from '../common/spreadsheet/cells';
import type { SheetColumn } from '../leads/lead-sheet';
import { INTERACTION_TYPE_LABELS, InteractionType } from './entities/interaction.entity';

/**
 * The columns of the interaction spreadsheet (走访记录台账), shared by the export and the history
 * import, so that an export re-imports unchanged.
 */
export type InteractionSheetKey =
  | 'id'
  | 'occurredOn'
  | 'enterprise'
  | 'creditCode'
  | 'type'
  | 'team'
  | 'author'
  | 'participants'
  | 'contacts'
  | 'location'
  | 'summary'
  | 'outcome'
  | 'nextFollowUpOn';

/** Words spreadsheets use for a kind of contact, beside the labels the product shows. */
const TYPE_SYNONYMS: Record<InteractionType, string[]> = {
  [InteractionType.Visit]: ['走访', '拜访', '外出走访', '上门拜访'],
  [InteractionType.InboundVisit]: ['来访', '考察', '来访接待'],
  [InteractionType.Call]: ['电话', '电话联系'],
  [InteractionType.Video]: ['视频', '线上会议', '视频连线'],
  [InteractionType.PromotionEvent]: ['推介', '招商推介会'],
  [InteractionType.SigningCeremony]: ['签约', '签约仪式'],
};

const TYPE_OPTIONS: ReadonlyArray<EnumOption<InteractionType>> = Object.values(InteractionType).map((type) => ({ value: type, label: INTERACTION_TYPE_LABELS[type], synonyms: TYPE_SYNONYMS[type] }));

export const INTERACTION_SHEET_COLUMNS: ReadonlyArray<SheetColumn<InteractionSheetKey>> = [
  { key: 'id', header: '记录编号', synonyms: ['编号', '记录id'], kind: { type: 'text', maxLength: 36 }, width: 38 },
  { key: 'occurredOn', header: '日期', synonyms: ['对接日期', '走访日期', '拜访日期', '对接时间', '走访时间'], kind: { type: 'date' }, width: 12, required: true },
  { key: 'enterprise', header: '企业名称', synonyms: ['公司名称', '单位名称', '对接企业', '企业'], kind: { type: 'text', maxLength: 200, oneLine: true }, width: 30, required: true },
  { key: 'creditCode', header: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码', '统一信用代码'], kind: { type: 'text', maxLength: 40 }, width: 22 },
  { key: 'type', header: '对接方式', synonyms: ['方式', '对接形式', '形式'], kind: { type: 'enum', options: TYPE_OPTIONS }, width: 12, required: true },
  { key: 'team', header: '招商队', synonyms: ['招商小分队', '所属招商队', '招商队名称'], kind: { type: 'text', maxLength: 200, oneLine: true }, width: 18, required: true },
  { key: 'author', header: '记录人', synonyms: ['填报人', '登记人'], kind: { type: 'text', maxLength: 64, oneLine: true }, width: 12, required: true },
  { key: 'participants', header: '走访人员', synonyms: ['参与人', '参与人员', '对接人员'], kind: { type: 'text', maxLength: 2000, oneLine: true }, width: 20 },
  { key: 'contacts', header: '对接人', synonyms: ['企业联系人', '会见人', '企业对接人'], kind: { type: 'text', maxLength: 2000, oneLine: true }, width: 14 },
  { key: 'location', header: '地点', synonyms: ['对接地点', '走访地点'], kind: { type: 'text', maxLength: 200 }, width: 16 },
  { key: 'summary', header: '对接情况', synonyms: ['对接内容', '洽谈内容', '内容', '情况'], kind: { type: 'text', maxLength: 5000 }, width: 40, required: true },
  { key: 'outcome', header: '对接成效', synonyms: ['成效', '结果'], kind: { type: 'text', maxLength: 2000 }, width: 24 },
  { key: 'nextFollowUpOn', header: '下次跟进日期', synonyms: ['下次跟进', '跟进日期', '下次跟进时间'], kind: { type: 'date' }, width: 14 },
];
