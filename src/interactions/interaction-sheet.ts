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
  | 'location'
  | 'summary'
  | 'outcome'
  | 'nextFollowUpOn';

export const INTERACTION_SHEET_COLUMNS: ReadonlyArray<SheetColumn<InteractionSheetKey>> = [
  { key: 'id', header: '记录编号', synonyms: ['编号', '记录id', '记录ID'], kind: 'text', width: 38 },
  { key: 'occurredOn', header: '日期', synonyms: ['对接日期', '走访日期', '拜访日期', '对接时间', '走访时间'], kind: 'date', width: 12, required: true },
  { key: 'enterprise', header: '企业名称', synonyms: ['公司名称', '单位名称', '对接企业', '企业'], kind: 'text', width: 30, required: true },
  { key: 'creditCode', header: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码', '统一信用代码'], kind: 'text', width: 22 },
  { key: 'type', header: '对接方式', synonyms: ['方式', '对接形式', '形式'], kind: 'text', width: 12, required: true },
  { key: 'team', header: '招商队', synonyms: ['招商小分队', '所属招商队', '招商队名称'], kind: 'text', width: 18, required: true },
  { key: 'author', header: '记录人', synonyms: ['填报人', '登记人'], kind: 'text', width: 12, required: true },
  { key: 'participants', header: '走访人员', synonyms: ['参与人', '参与人员', '对接人员'], kind: 'text', width: 20 },
  { key: 'location', header: '地点', synonyms: ['对接地点', '走访地点'], kind: 'text', width: 16 },
  { key: 'summary', header: '对接情况', synonyms: ['对接内容', '洽谈内容', '内容', '情况'], kind: 'text', width: 40, required: true },
  { key: 'outcome', header: '对接成效', synonyms: ['成效', '结果'], kind: 'text', width: 24 },
  { key: 'nextFollowUpOn', header: '下次跟进日期', synonyms: ['下次跟进', '跟进日期', '下次跟进时间'], kind: 'date', width: 14 },
];

const TYPE_WORDS: Record<string, InteractionType> = {
  ...Object.fromEntries(Object.entries(INTERACTION_TYPE_LABELS).map(([type, label]) => [label, type as InteractionType])),
  走访: InteractionType.Visit,
  拜访: InteractionType.Visit,
  外出走访: InteractionType.Visit,
  来访: InteractionType.InboundVisit,
  考察: InteractionType.InboundVisit,
  电话: InteractionType.Call,
  视频: InteractionType.Video,
  线上会议: InteractionType.Video,
  推介: InteractionType.PromotionEvent,
  签约: InteractionType.SigningCeremony,
};

/** The 对接方式 a cell names, if any. */
export function interactionTypeOf(text: string): InteractionType | undefined {
  return TYPE_WORDS[text.replace(/[\s\u3000]+/g, '')];
}

export const TYPE_CHOICES = Object.values(INTERACTION_TYPE_LABELS).join('、');
