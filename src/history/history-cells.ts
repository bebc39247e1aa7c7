import { formatWanYuan, MAX_WAN_YUAN_UNITS } from '../common/money/wan-yuan';
import { CellValue, cellText, clip, isProblem, parseFoundedOn, parseYesNo, Parsed } from '../enterprises/import/import-cells';

/*
 * Cell readers of the history import. Interim: the generic table import (src/common/spreadsheet,
 * helper A) brings the shared parsers; these delegate to the enterprise import's where they exist.
 */

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Text of a cell, or the problem the reader found in it (a formula without a result …). */
export function textOf(cell: CellValue, column: string): Parsed<string> {
  if (isProblem(cell)) return fail(`${column}：${cell.problem}`);
  return ok(cellText(cell));
}

/**
 * A calendar date from a date cell, an Excel serial or text (2022-04-27, 2022/4/27, 2022.4.27,
 * 2022年4月27日, 20220427); `latest` is the last date allowed.
 */
export function dateOf(cell: CellValue, column: string, latest = '9999-12-31'): Parsed<string> {
  if (isProblem(cell)) return fail(`${column}：${cell.problem}`);
  const parsed = parseFoundedOn(cell, latest);
  return parsed.ok ? parsed : fail(parsed.message.replaceAll('成立日期', column));
}

export function yesNoOf(cell: CellValue, column: string): Parsed<boolean> {
  if (isProblem(cell)) return fail(`${column}：${cell.problem}`);
  return parseYesNo(cell, column);
}

/** Digits of powers of ten: 0 for 万元, 4 for 亿元 (1 亿元 = 10,000 万元), −4 for 元. */
export type AmountScale = 0 | 4 | -4;

/** The unit a header names (「投资额（亿元）」), as the scale to 万元; 万元 when it names none. */
export function scaleOfHeader(header: string): AmountScale {
  const h = header.normalize('NFKC');
  if (/亿元|\(亿\)/.test(h)) return 4;
  if (/万元|\(万\)/.test(h)) return 0;
  if (/\(元\)/.test(h)) return -4;
  return 0;
}

/**
 * An amount in 万元, exact, from a number cell or text with thousands separators or full-width
 * digits ("5,000", "５０００"), in the header's unit.
 */
export function amountOf(cell: CellValue, column: string, scale: AmountScale): Parsed<string> {
  if (isProblem(cell)) return fail(`${column}：${cell.problem}`);
  const raw = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : cellText(cell);
  const text = raw.normalize('NFKC').replace(/[,\s]/g, '').replace(/万元$|万$/, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return fail(`${column}「${clip(raw)}」不是数字`);
  const places = 4 + scale;
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > places) return fail(`${column}「${clip(raw)}」小数位过多：金额精确到元`);
  const digits = `${m[1]}${frac.padEnd(places, '0').slice(0, places)}`;
  const units = places >= 0 ? BigInt(digits) : BigInt(digits) / 10n ** BigInt(-places);
  if (units > MAX_WAN_YUAN_UNITS) return fail(`${column}「${clip(raw)}」过大`);
  return ok(formatWanYuan(units));
}
