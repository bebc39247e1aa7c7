/**
 * The columns of the enterprise spreadsheet, shared by the import (which reads them by
 * header) and the export (which writes them in this order, so an export re-imports cleanly).
 */
export type ColumnKey =
  | 'name'
  | 'shortName'
  | 'creditCode'
  | 'forceChecksum'
  | 'industryChain'
  | 'hq'
  | 'tags'
  | 'foundedOn'
  | 'notes'
  | 'contactName'
  | 'contactTitle'
  | 'mobile'
  | 'landline'
  | 'email'
  | 'wechat';

export interface ColumnDef {
  key: ColumnKey;
  /** The header the export writes and the import prefers. */
  header: string;
  /** Other headers people use for the same column in their own lists. */
  synonyms: string[];
  /** Export column width, in characters. */
  width: number;
}

export const ENTERPRISE_COLUMNS: readonly ColumnDef[] = [
  { key: 'name', header: '企业名称', synonyms: ['公司名称', '单位名称', '企业全称', '企业名'], width: 36 },
  { key: 'shortName', header: '企业简称', synonyms: ['简称', '公司简称'], width: 14 },
  { key: 'creditCode', header: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码', '统一信用代码', 'uscc'], width: 22 },
  { key: 'forceChecksum', header: '强制保存', synonyms: ['强制保存校验位', '校验位强制保存'], width: 10 },
  { key: 'industryChain', header: '所属产业链', synonyms: ['产业链'], width: 18 },
  { key: 'hq', header: '总部所在地', synonyms: ['总部', '总部地区', '总部所在地区', '总部所在城市'], width: 20 },
  { key: 'tags', header: '标签', synonyms: ['企业标签'], width: 20 },
  { key: 'foundedOn', header: '成立日期', synonyms: ['成立时间', '注册日期'], width: 12 },
  { key: 'notes', header: '备注', synonyms: ['说明'], width: 30 },
  { key: 'contactName', header: '联系人', synonyms: ['联系人姓名'], width: 10 },
  { key: 'contactTitle', header: '职务', synonyms: ['联系人职务', '职位'], width: 16 },
  { key: 'mobile', header: '手机', synonyms: ['手机号', '手机号码', '联系人手机'], width: 14 },
  { key: 'landline', header: '座机', synonyms: ['固定电话', '座机号码', '办公电话'], width: 16 },
  { key: 'email', header: '邮箱', synonyms: ['电子邮箱', '邮件', 'email', 'e-mail'], width: 24 },
  { key: 'wechat', header: '微信', synonyms: ['微信号'], width: 16 },
];

/** How a header cell is compared: width, spaces, required-field marks and Latin case do not count. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/\((必填|选填|可选)\)$/, '')
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase();
}

const BY_HEADER = new Map<string, ColumnDef>();
for (const column of ENTERPRISE_COLUMNS) {
  for (const h of [column.header, ...column.synonyms]) BY_HEADER.set(normalizeHeader(h), column);
}

/** The column a header cell names, if the import knows it. */
export function columnForHeader(text: string): ColumnDef | undefined {
  return BY_HEADER.get(normalizeHeader(text));
}
