import { exactAmount, formatAmount, formatAmountIn, type AmountUnit } from '../format/money';

type Props = {
  /** 万元, the API's exact decimal string. */
  value: string | null | undefined;
  /** The unit the column or sentence chose (amountUnit); absent: 亿元 from 1亿元 up, else 万元. */
  unit?: AmountUnit;
  /** Leave the unit out: the column header carries it (amountTitle). */
  bare?: boolean;
  className?: string;
};

/**
 * An amount as people read it: 亿元 to two decimals at most, or 万元; never wrapped; the exact
 * 万元 value on hover. Every amount on screen goes through here or formatAmount.
 */
export function Amount({ value, unit, bare, className }: Props) {
  const text = bare && unit ? formatAmountIn(value, unit) : formatAmount(value, unit);
  return (
    <span className={className ? `amount ${className}` : 'amount'} title={exactAmount(value)}>
      {text}
    </span>
  );
}

