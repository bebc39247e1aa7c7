import { Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { compareDecimal, isWanYuan, MAX_AMOUNT_WAN, IMPLAUSIBLE_AMOUNT_WAN, normalizeAmount } from '../format/decimal';
import { formatAmount } from '../format/money';

type Props = {
  id?: string;
  value?: string | null;
  onChange?: (v: string) => void;
  status?: '' | 'error' | 'warning';
  placeholder?: string;
  'aria-label'?: string;
};

/**
 * A 万元 amount field: what is pasted (5,000, ５００００, " 50000 ") is made plain when the field
 * is left, so the user sees the number that will be saved.
 */
export function AmountInput({ value, onChange, ...rest }: Props) {
  return (
    <Input
      {...rest}
      inputMode="decimal"
      suffix="万元"
      autoComplete="off"
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value)}
      onBlur={() => {
        const plain = normalizeAmount(value ?? '');
        if (plain !== (value ?? '')) onChange?.(plain);
      }}
    />
  );
}

/** What a form sends for an amount field: the plain decimal string. */
export const amountValue = (v: string | null | undefined): string => normalizeAmount(v ?? '');

/**
 * The rules of a 万元 field: a number with at most four decimals (as pasted, read plainly), not
 * above the service's ceiling, and a warning — not a refusal — from 1,000亿元 up, seen before saving.
 */
export function amountRules(opts: { required?: string; positive?: boolean } = {}): Rule[] {
  const blank = (v: unknown) => v === undefined || v === null || normalizeAmount(String(v)) === '';
  return [
    ...(opts.required ? [{ required: true, whitespace: true, message: opts.required }] : []),
    {
      validator: (_: unknown, v: unknown) => {
        if (blank(v)) return Promise.resolve();
        const plain = normalizeAmount(String(v));
        if (!isWanYuan(plain)) return Promise.reject(new Error('请填写数字，最多 4 位小数，如 50000 或 1200.5'));
        if (compareDecimal(plain, MAX_AMOUNT_WAN) > 0) {
          return Promise.reject(new Error('金额不能超过 1,000,000,000万元（10万亿元），请核对单位'));
        }
        if (opts.positive && compareDecimal(plain, '0') === 0) return Promise.reject(new Error('金额须大于 0'));
        return Promise.resolve();
      },
    },
    {
      warningOnly: true,
      validator: (_: unknown, v: unknown) => {
        const plain = blank(v) ? '' : normalizeAmount(String(v));
        return plain && isWanYuan(plain) && compareDecimal(plain, IMPLAUSIBLE_AMOUNT_WAN) >= 0
          ? Promise.reject(new Error(`金额为 ${formatAmount(plain)}，在 1,000亿元以上：请确认单位是万元、没有多输位数`))
          : Promise.resolve();
      },
    },
  ];
}
