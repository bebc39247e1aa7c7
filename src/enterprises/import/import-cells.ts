import { isEmail } from 'class-validator';
import { MOBILE_PATTERN } from '../../common/validation/mobile';
import { LANDLINE_PATTERN } from '../dto/contact.dto';
import { EnterpriseTag } from '../entities/enterprise.entity';
import { CellValue, cellText, clip, fail, numberText, ok, parseDate, Parsed } from '../../common/spreadsheet/cells';

export type { CellProblem, CellValue, Parsed } from '../../common/spreadsheet/cells';
export { cellText, clip, excelSerialDate, isBlank, isoDate, isProblem, numberText, parseYesNo } from '../../common/spreadsheet/cells';

/**
 * 成立日期 from whatever a spreadsheet holds (see parseDate): not before 1800, not after
 * `today`, the latest date allowed.
 */
export function parseFoundedOn(cell: CellValue, today: string): Parsed<string> {
  return parseDate(cell, '成立日期', { min: '1800-01-01', max: today, maxName: '今天' });
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
