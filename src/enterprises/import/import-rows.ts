import { AppError } from '../../common/errors/app-error';
import { oneLine } from '../../common/spreadsheet/cells';
import { ImportIssue } from '../../common/spreadsheet/import-report';
import { AuthUser } from '../../common/auth/auth-user';
import { EnterpriseTag } from '../entities/enterprise.entity';
import { normalizeEnterpriseName } from '../enterprise-name';
import { validateCreditCode } from '../enterprises.service';
import { columnForHeader, ColumnKey, ENTERPRISE_COLUMNS } from './import-columns';
import {
  CellValue,
  cellText,
  clip,
  creditCodeText,
  isBlank,
  isProblem,
  parseEmail,
  parseFoundedOn,
  parseLandline,
  parseMobile,
  Parsed,
  parseTags,
  parseYesNo,
  splitHq,
} from './import-cells';
import { importErrors } from './import.errors';
import type { PreparedSearch } from './import-search';

export type { ImportIssue } from '../../common/spreadsheet/import-report';

export interface ImportContact {
  name: string;
  title: string | null;
  mobile: string | null;
  landline: string | null;
  email: string | null;
  wechat: string | null;
}

/** A data row that passed every check that needs no database. */
export interface ImportRow {
  row: number;
  name: string;
  normalizedName: string;
  shortName: string | null;
  creditCode: string | null;
  checksumOverridden: boolean;
  industryChainId: string | null;
  hqProvince: string | null;
  hqCity: string | null;
  tags: EnterpriseTag[];
  foundedOn: string | null;
  notes: string | null;
  contact: ImportContact | null;
  /** The real run's search columns of (name, shortName), computed ahead while the previous batch is in the database. */
  search?: PreparedSearch;
}

/** Which column of the sheet holds what, read from the header row. */
export interface HeaderLayout {
  /** Sheet column index (0-based) → the known column there and its header as written. */
  columns: Map<ColumnKey, { index: number; header: string }>;
  /** Headers the import does not know: ignored, and reported as a warning. */
  ignored: string[];
}

/** Reads the header row; 400 when 企业名称 is missing or a column appears twice. */
export function readHeader(cells: CellValue[]): HeaderLayout {
  const columns = new Map<ColumnKey, { index: number; header: string }>();
  const ignored: string[] = [];
  cells.forEach((cell, index) => {
    const header = cellText(cell);
    if (!header) return;
    const def = columnForHeader(header);
    if (!def) {
      ignored.push(header);
      return;
    }
    const existing = columns.get(def.key);
    if (existing) {
      throw importErrors('IMPORT_DUPLICATE_COLUMN', { columns: [existing.header, header] }, `表头中「${existing.header}」和「${header}」是同一列，请只保留一列`);
    }
    columns.set(def.key, { index, header });
  });
  if (!columns.has('name')) {
    const nameColumn = ENTERPRISE_COLUMNS[0]?.header ?? '企业名称';
    throw importErrors('IMPORT_MISSING_COLUMN', { missing: [nameColumn] }, `表头（第一行）缺少必填列「${nameColumn}」`);
  }
  return { columns, ignored };
}

export interface RowContext {
  actor: AuthUser;
  /** Industry chains by normalised name. */
  chains: Map<string, { id: string; name: string; isActive: boolean }>;
  /** Latest acceptable 成立日期 (today, Beijing). */
  today: string;
}

export interface RowResult {
  /** Null for a row with nothing in any known column: skipped, not counted. */
  value: ImportRow | null;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  blank: boolean;
}

/** Normalised form of an industry-chain name, as chains are looked up by the import. */
export function chainKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

/** Fields of one line (see oneLine). */
const ONE_LINE = new Set<ColumnKey>(['name', 'shortName', 'contactName', 'contactTitle', 'wechat', 'industryChain', 'hq']);

const LIMITS: Partial<Record<ColumnKey, number>> = {
  shortName: 64,
  notes: 2000,
  contactName: 64,
  contactTitle: 64,
  wechat: 64,
};

/** Checks and converts one data row with the rules of the enterprise and contact forms. */
export function parseRow(row: number, cells: CellValue[], layout: HeaderLayout, ctx: RowContext): RowResult {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const headerOf = (key: ColumnKey) => layout.columns.get(key)?.header ?? '';
  const cellOf = (key: ColumnKey): CellValue => {
    const at = layout.columns.get(key);
    return at ? (cells[at.index] ?? null) : null;
  };
  let blank = true;
  for (const { index } of layout.columns.values()) if (!isBlank(cells[index] ?? null)) blank = false;
  if (blank) return { value: null, errors, warnings, blank };

  const problem = (key: ColumnKey, message: string) => errors.push({ row, column: headerOf(key), message });
  /** The cell's text, or null when empty; a cell problem or an over-long text is a row error. */
  const text = (key: ColumnKey): string | null => {
    const cell = cellOf(key);
    if (isProblem(cell)) {
      problem(key, cell.problem);
      return null;
    }
    const value = ONE_LINE.has(key) ? oneLine(cellText(cell)) : cellText(cell);
    const limit = LIMITS[key];
    if (limit !== undefined && value.length > limit) {
      problem(key, `${headerOf(key)}过长：最多 ${limit} 个字，实际 ${value.length} 个`);
      return null;
    }
    return value || null;
  };
  const parsed = <T>(key: ColumnKey, parse: (cell: CellValue) => Parsed<T>): T | null => {
    const cell = cellOf(key);
    if (isProblem(cell)) {
      problem(key, cell.problem);
      return null;
    }
    if (isBlank(cell)) return null;
    const result = parse(cell);
    if (!result.ok) {
      problem(key, result.message);
      return null;
    }
    return result.value;
  };

  const name = text('name');
  if (!isProblem(cellOf('name'))) {
    if (!name) problem('name', '企业名称不能为空');
    else if (name.length < 2) problem('name', `企业名称「${name}」过短：至少 2 个字`);
    else if (name.length > 200) problem('name', `企业名称过长：最多 200 个字，实际 ${name.length} 个`);
  }
  const normalizedName = name ? normalizeEnterpriseName(name) : '';

  const force = parsed('forceChecksum', (c) => parseYesNo(c, headerOf('forceChecksum'))) ?? false;
  let creditCode: string | null = null;
  let checksumOverridden = false;
  const codeText = parsed('creditCode', creditCodeText);
  if (codeText) {
    try {
      // The importing admin may override, but only where the file says so row by row.
      const checked = validateCreditCode(codeText, ctx.actor, force);
      creditCode = checked.code;
      checksumOverridden = checked.overridden;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      problem('creditCode', creditCodeMessage(err, codeText, headerOf('forceChecksum') || '强制保存'));
    }
  }

  let industryChainId: string | null = null;
  const chainName = text('industryChain');
  if (chainName) {
    const chain = ctx.chains.get(chainKey(chainName));
    if (!chain) problem('industryChain', `产业链「${clip(chainName)}」不存在：可选 ${[...ctx.chains.values()].filter((c) => c.isActive).map((c) => c.name).join('、')}`);
    else if (!chain.isActive) problem('industryChain', `产业链「${chain.name}」已停用`);
    else industryChainId = chain.id;
  }

  let hqProvince: string | null = null;
  let hqCity: string | null = null;
  const hqText = text('hq');
  if (hqText) {
    const hq = splitHq(hqText);
    if ((hq.province?.length ?? 0) > 32 || (hq.city?.length ?? 0) > 32) {
      problem('hq', `总部所在地「${clip(hqText)}」过长`);
    } else {
      hqProvince = hq.province;
      hqCity = hq.city;
      if (!hq.recognised) {
        const kept = hq.province ? '已原样记为总部省份' : '只记了城市';
        warnings.push({ row, column: headerOf('hq'), message: `总部所在地「${hqText}」没有可识别的省份，${kept}` });
      }
    }
  }

  const tags = parsed('tags', (c) => parseTags(cellText(c))) ?? [];
  const foundedOn = parsed('foundedOn', (c) => parseFoundedOn(c, ctx.today));
  const shortName = text('shortName');
  const notes = text('notes');

  const contactName = text('contactName');
  const contactTitle = text('contactTitle');
  const mobile = parsed('mobile', parseMobile);
  const landline = parsed('landline', parseLandline);
  const email = parsed('email', parseEmail);
  const wechat = text('wechat');
  let contact: ImportContact | null = null;
  if (contactName) {
    contact = { name: contactName, title: contactTitle, mobile, landline, email, wechat };
  } else if (contactTitle || mobile || landline || email || wechat) {
    problem('contactName', '填写了联系方式，但缺少联系人姓名');
  }

  if (errors.length) return { value: null, errors, warnings, blank };
  return {
    value: {
      row,
      name: name as string,
      normalizedName,
      shortName,
      creditCode,
      checksumOverridden,
      industryChainId,
      hqProvince,
      hqCity,
      tags,
      foundedOn,
      notes,
      contact,
    },
    errors,
    warnings,
    blank,
  };
}

function creditCodeMessage(err: AppError, input: string, forceColumn: string): string {
  if (err.code === 'CREDIT_CODE_CHECKSUM') {
    const detail = Array.isArray(err.details) ? err.details[0]?.message : undefined;
    return `统一社会信用代码「${clip(input)}」校验位不符${detail ? `（${detail}）` : ''}；如确认无误，在「${forceColumn}」列填「是」`;
  }
  if (err.code === 'CREDIT_CODE_FORMAT') {
    return `统一社会信用代码「${clip(input)}」格式不正确：应为 18 位数字或大写字母（不含 I、O、Z、S、V）`;
  }
  return err.message;
}
