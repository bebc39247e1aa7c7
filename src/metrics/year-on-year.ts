import { div, exactDecimal, int, mul, roundToCents } from '../common/math/rational';
import { formatWanYuan, fromNumeric, toUnits } from '../common/money/wan-yuan';

/** 同比: the same months of the previous year, and the change. */
export interface YearOnYear {
  /** The figure over the same months of the previous year. */
  previous: string;
  /** This period's figure minus last year's (exact). */
  change: string;
  /** change ÷ previous, percent, rounded once half up to 2 decimals; null when last year is 0. */
  changePercent: string | null;
}

/** 同比 of a figure against last year's same months: the change, and the change in percent (null when last year is 0). */
export function yearOnYear(current: string, previous: string): YearOnYear {
  const change = toUnits(current) - toUnits(previous);
  const last = exactDecimal(previous);
  return {
    previous: fromNumeric(previous),
    change: formatWanYuan(change),
    changePercent: last.n === 0n ? null : roundToCents(mul(div(exactDecimal(formatWanYuan(change)), last), int(100))),
  };
}
