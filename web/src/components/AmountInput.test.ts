import { describe, expect, it } from 'vitest';
import { amountRules, amountValue } from './AmountInput';

type Check = { validator: (r: unknown, v: unknown) => Promise<void>; warningOnly?: boolean };

/** The refusal (or null) and the warning (or null) the form shows for a typed value. */
async function said(value: string, opts: Parameters<typeof amountRules>[0] = {}) {
  const checks = amountRules(opts).filter((r): r is Check => typeof (r as Check).validator === 'function');
  const run = async (c: Check | undefined) => (c ? c.validator({}, value).then(() => null, (e: Error) => e.message) : null);
  return { error: await run(checks.find((c) => !c.warningOnly)), warning: await run(checks.find((c) => c.warningOnly)) };
}

describe('amount fields', () => {
  it.each([
    ['5,000', '5000'],
    [' 50000 ', '50000'],
    ['５００００', '50000'],
  ])('send the pasted %j as %j, accepted without a word', async (typed, sent) => {
    expect(amountValue(typed)).toBe(sent);
    expect(await said(typed)).toEqual({ error: null, warning: null });
  });

  it('refuse what is not an amount, or beyond 10万亿元', async () => {
    expect((await said('35000.12345')).error).toBe('请填写数字，最多 4 位小数，如 50000 或 1200.5');
    expect((await said('50,00')).error).toBe('请填写数字，最多 4 位小数，如 50000 或 1200.5');
    expect((await said('99,999,999,999,999')).error).toBe('金额不能超过 1,000,000,000万元（10万亿元），请核对单位');
    expect((await said('1000000000')).error).toBeNull();
    expect((await said('0', { positive: true })).error).toBe('金额须大于 0');
  });

  it('warn from 1,000亿元 (10,000,000万元) up, without refusing', async () => {
    expect(await said('9,999,999.9999')).toEqual({ error: null, warning: null });
    expect(await said('10,000,000')).toEqual({ error: null, warning: '金额为 1,000亿元，在 1,000亿元以上：请确认单位是万元、没有多输位数' });
  });
});
