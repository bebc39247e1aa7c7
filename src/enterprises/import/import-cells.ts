import { isEmail } from 'class-validator';
import { MOBILE_PATTERN } from '../../common/validation/mobile';
import { LANDLINE_PATTERN } from '../dto/contact.dto';
import { EnterpriseTag } from '../entities/enterprise.entity';

/**
 * One cell as the spreadsheet readers hand it over: formulas replaced by their cached
 * result and rich text joined, or a problem the row must report.
 */
export type CellValue = string | number | boolean | Date | null | CellProblem;

export interface CellProblem {
  problem: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** A cell value quoted in a message: long enough to find it, short enough for a report of 1,000 rows. */
export function clip(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

export function isProblem(cell: CellValue): cell is CellProblem {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date);
}

/** The digits of a whole number (13912345678, not 13912345678.0 or 1.39e10); other numbers as JavaScript writes them. */
export function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

/** A cell as text for a text column: trimmed; numbers as their digits, dates as yyyy-mm-dd. */
export function cellText(cell: CellValue): string {
  if (cell === null || isProblem(cell)) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return isoDate(cell);
}

export function isBlank(cell: CellValue): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

// ---------------------------------------------------------------------------------------
// Dates

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const DATE_HINT = '请写作 2022-04-27、2022/4/27、2022.4.27 或 2022年4月27日';
const MIN_YEAR = 1800;

/**
 * 成立日期 from whatever a spreadsheet holds: a date cell, an Excel serial number, or text
 * such as 2022-04-27, 2022/4/27, 2022.4.27, 2022年4月27日, 20220427. A bare year (2003)
 * is refused rather than read as serial 2003 (1905-06-25). `today` is the latest date allowed.
 */
export function parseFoundedOn(cell: CellValue, today: string): Parsed<string> {
  const shown = cellText(cell);
  let date: Parsed<string>;
  if (cell instanceof Date) {
    date = Number.isNaN(cell.getTime()) ? fail(`成立日期无法识别`) : ok(isoDate(cell));
  } else if (typeof cell === 'number') {
    date = fromNumber(cell);
  } else if (typeof cell === 'string') {
    const text = cell.normalize('NFKC').trim();
    if (/^\d{4}$/.test(text)) return fail(`成立日期「${text}」只有年份：${DATE_HINT}`);
    if (/^\d{5}(\.\d+)?$/.test(text) || /^\d{8}$/.test(text)) {
      date = fromNumber(Number(text));
    } else {
      const m = DATE_TEXT.exec(text);
      date = m ? calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) : fail('');
    }
  } else {
    date = fail('');
  }
  if (!date.ok) return fail(date.message || `成立日期「${clip(shown)}」无法识别：${DATE_HINT}`);
  if (date.value < `${MIN_YEAR}-01-01`) return fail(`成立日期「${date.value}」早于 ${MIN_YEAR} 年，请检查`);
  if (date.value > today) return fail(`成立日期「${date.value}」晚于今天，请检查`);
  return date;
}

function fromNumber(n: number): Parsed<string> {
  if (!Number.isFinite(n) || n < 1) return fail('');
  const whole = Math.floor(n);
  if (whole >= MIN_YEAR && whole <= 2100) return fail(`成立日期「${whole}」只有年份：${DATE_HINT}`);
  if (whole >= 10_000_000 && whole <= 99_991_231) {
    return calendarDate(Math.floor(whole / 10_000), Math.floor(whole / 100) % 100, whole % 100);
  }
  return excelSerialDate(whole);
}

/**
 * The day of an Excel serial (1900 date system). Excel counts a 29 February 1900 that never
 * was, so serials from 61 on are one day ahead of a plain count from 1899-12-31.
 */
export function excelSerialDate(serial: number): Parsed<string> {
  if (serial === 60 || serial < 1 || serial > 2_958_465) return fail('');
  const epoch = serial > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  return ok(isoDate(new Date(epoch + serial * 86_400_000)));
}

function calendarDate(year: number, month: number, day: number): Parsed<string> {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return fail(`成立日期 ${year}年${month}月${day}日 不存在`);
  }
  return ok(isoDate(d));
}

/** yyyy-mm-dd of a date cell: spreadsheet dates carry no zone, and the readers give them as UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------
// 总部所在地

const MUNICIPALITIES = ['北京市', '天津市', '上海市', '重庆市'];
const PROVINCES = [
  ...MUNICIPALITIES,
  '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '江苏省', '浙江省', '安徽省', '福建省', '江西省', '山东省',
  '河南省', '湖北省', '湖南省', '广东省', '海南省', '四川省', '贵州省', '云南省', '陕西省', '甘肃省', '青海省', '台湾省',
  '内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区', '香港特别行政区', '澳门特别行政区',
];
/** 内蒙古 → 内蒙古自治区, 广东 → 广东省 …: the short form is the full name without its suffix. */
const SHORT_FORMS = PROVINCES.map((full) => ({ full, short: full.replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/, '') }));
const PROVINCE_SUFFIX = /^(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)/;
/** The prefecture-level unit ends at the first 市, 自治州, 盟 or 地区 (郑州市, not 郑州; 延边朝鲜族自治州, not …延吉市). */
const CITY = /^(.+?(?:自治州|市|盟|地区))/;

export interface Hq {
  province: string | null;
  city: string | null;
  /**
   * False when no Chinese province was recognised: a bare city (深圳市) is kept as the city,
   * anything else (a place abroad) whole as the province.
   */
  recognised: boolean;
}

/**
 * Splits 总部所在地 into province and city: 北京市 → 北京市/北京市, 内蒙古自治区通辽市 →
 * 内蒙古自治区/通辽市, 广东省深圳市南山区 → 广东省/深圳市, 广东 → 广东省/–.
 */
export function splitHq(raw: string): Hq {
  const text = raw.normalize('NFKC').replace(/[\s\u3000]+/g, '');
  let province: string | undefined;
  let rest = '';
  const full = PROVINCES.find((p) => text.startsWith(p));
  if (full) {
    province = full;
    rest = text.slice(full.length);
  } else {
    const short = SHORT_FORMS.find((p) => text.startsWith(p.short));
    if (short) {
      province = short.full;
      rest = text.slice(short.short.length).replace(PROVINCE_SUFFIX, '');
    }
  }
  if (!province) {
    const city = CITY.exec(text)?.[1];
    return city === text ? { province: null, city, recognised: false } : { province: text, city: null, recognised: false };
  }
  if (MUNICIPALITIES.includes(province)) return { province, city: province, recognised: true };
  const city = rest ? (CITY.exec(rest)?.[1] ?? rest) : null;
  return { province, city, recognised: true };
}

/** The 总部所在地 cell the export writes for a province and city; splitHq reads it back. */
export function joinHq(province: string | null, city: string | null): string {
  if (!province) return city ?? '';
  if (!city || city === province) return province;
  return `${province}${city}`;
}

// ---------------------------------------------------------------------------------------
// 标签

const TAG_ALIASES: Record<string, EnterpriseTag> = { 央企: EnterpriseTag.StateOwned, 国企: EnterpriseTag.StateOwned };
const TAG_VALUES = new Map<string, EnterpriseTag>(Object.values(EnterpriseTag).map((t) => [t.normalize('NFKC'), t]));

/** 标签 separated by 、 , ， ; or spaces; each must be one of the EnterpriseTag values. */
export function parseTags(raw: string): Parsed<EnterpriseTag[]> {
  const parts = raw.normalize('NFKC').split(/[、,;\s]+/).filter(Boolean);
  const tags: EnterpriseTag[] = [];
  const unknown: string[] = [];
  for (const part of parts) {
    const tag = TAG_VALUES.get(part) ?? TAG_ALIASES[part];
    if (!tag) unknown.push(part);
    else if (!tags.includes(tag)) tags.push(tag);
  }
  if (unknown.length) return fail(`标签「${clip(unknown.join('、'))}」不认识：可用的标签有 ${Object.values(EnterpriseTag).join('、')}`);
  return ok(tags);
}

// ---------------------------------------------------------------------------------------
// Contact details and flags

/** A mainland mobile: spaces, dashes and a +86 prefix are dropped; a number cell gives its digits. */
export function parseMobile(cell: CellValue): Parsed<string> {
  const text = cellText(cell).normalize('NFKC').replace(/[\s-]+/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return MOBILE_PATTERN.test(text) ? ok(text) : fail(`手机号「${clip(cellText(cell))}」不正确：应为 11 位大陆手机号（1[3-9] 开头）`);
}

/** 座机 such as 0475-8231234, (0475)8231234 or 010-12345678-123. */
export function parseLandline(cell: CellValue): Parsed<string> {
  const text = cellText(cell)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^\((0\d{2,3})\)-?/, '$1-');
  return LANDLINE_PATTERN.test(text) ? ok(text) : fail(`座机号「${clip(cellText(cell))}」不正确：应如 0475-8231234 或 010-12345678-123（以数字格式保存时区号前的 0 会丢失，请设为文本）`);
}

export function parseEmail(cell: CellValue): Parsed<string> {
  const text = cellText(cell).normalize('NFKC');
  return text.length <= 254 && isEmail(text) ? ok(text) : fail(`邮箱「${clip(text)}」不正确`);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

/** 是/否 (also Y/N, TRUE/FALSE, 1/0, an Excel checkbox); empty is 否. */
export function parseYesNo(cell: CellValue, column: string): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const text = cellText(cell).normalize('NFKC').toLowerCase();
  if (YES.has(text)) return ok(true);
  if (NO.has(text)) return ok(false);
  return fail(`${column}「${clip(cellText(cell))}」应填「是」或「否」`);
}

/**
 * The credit-code cell as text. Excel keeps 15 significant digits: an 18-digit code typed
 * into a number cell has already lost its last digits, and must be typed again as text.
 */
export function creditCodeText(cell: CellValue): Parsed<string> {
  const lost = '统一社会信用代码被 Excel 存成了数字，后几位已经丢失：请把该列设为「文本」格式后重新填写';
  if (typeof cell === 'number') return cell >= 1e15 || !Number.isInteger(cell) ? fail(lost) : ok(numberText(cell));
  const text = cellText(cell);
  if (/^\d(\.\d+)?e\+\d+$/i.test(text)) return fail(lost);
  return ok(text);
}
