// A city leader publishes the monthly 通报: opens 通报 from the menu, reads the header (统计期间,
// 数据截至, 序时进度), and checks the 全市 row adds up — against sums computed here with BigInt
// from the API's own answer, not from anything the page computes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beijingToday, journey, shot } from './helpers.mjs';

const MANAGER = ['manager-city', 'Manager@2022'];
/** Decimal places every 万元 amount is scaled by before adding (the API sends at most a few). */
const SCALE = 6;

/** "5919500.5" 万元 → 5919500500000n millionths of 万元; exact, no float. */
function units(value) {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value);
  assert.ok(m, `a decimal amount: ${value}`);
  assert.ok((m[3] ?? '').length <= SCALE, `at most ${SCALE} decimals: ${value}`);
  const n = BigInt(m[2] + (m[3] ?? '').padEnd(SCALE, '0'));
  return m[1] ? -n : n;
}

/** What the page shows ("591.95亿元", "9,999.5万元") back in the same units. */
function shownUnits(text) {
  const m = /^(-?[\d,]+(?:\.\d+)?)(亿元|万元)$/.exec(text.trim());
  assert.ok(m, `an amount as shown: ${text}`);
  const wan = units(m[1].replaceAll(',', ''));
  return m[2] === '亿元' ? wan * 10000n : wan;
}

describe('manager: the 通报 table', () => {
  const j = journey({ account: MANAGER, landing: '/pipeline' });
  const nav = () => j.page.getByRole('navigation', { name: '主导航' });
  const totalAmount = () => j.page.locator('[data-testid="report-row"][data-kind="total"] [data-metric="signed_amount"] .report-value .amount');
  /** The 全市 签约金额: shown bare in the column's unit, at most two decimals; its exact 万元 value is the hover title. */
  const totalExact = async () => {
    assert.match(await totalAmount().innerText(), /^-?[\d,]+(\.\d{1,2})?$/);
    return shownUnits(await totalAmount().getAttribute('title'));
  };

  it('opens on 1–N月 of this year with its 数据截至 and 序时进度', async () => {
    await nav().getByRole('link', { name: /(^|\s)通报$/ }).click();
    await j.page.waitForURL('**/reporting');
    const today = beijingToday();
    const [year, month, day] = today.split('-').map(Number);
    const header = j.page.getByTestId('report-header');
    await header.getByText(`数据截至`).waitFor();
    await header.getByText(`${year}年${month}月${day}日`).waitFor();
    const { status, body } = await j.api.get(`/reporting/units?periodType=ytd&year=${year}&month=${month}&asOf=${today}&view=configured`);
    assert.equal(status, 200);
    assert.equal(body.frame.dataAsOf, today);
    await header.getByText(body.frame.period.label, { exact: false }).first().waitFor();
    await header.getByText(`${body.frame.timeElapsed}%，${body.frame.paceLabel}`).waitFor();
    assert.deepEqual(body.rows.map((r) => r.kind).slice(-2), ['city_level', 'total']);
    assert.equal(await j.page.getByTestId('report-row').count(), body.rows.length);
    assert.equal(await totalExact(), units(body.rows.at(-1).values.signed_amount));
  });

  it('shows 2022: the 全市 row’s 签约金额 is the sum of the counties and 市本级', async () => {
    await j.page.getByRole('combobox', { name: '期间类型' }).click();
    await j.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '年度' }).click();
    await j.page.getByRole('spinbutton', { name: '年度' }).fill('2022');
    await j.page.getByRole('spinbutton', { name: '年度' }).blur();
    const header = j.page.getByTestId('report-header');
    await header.getByText('2022年', { exact: false }).first().waitFor();

    const today = beijingToday();
    const { status, body } = await j.api.get(`/reporting/units?periodType=year&year=2022&asOf=${today}&view=configured`);
    assert.equal(status, 200);
    const parts = body.rows.filter((r) => r.kind !== 'total');
    const total = body.rows.find((r) => r.kind === 'total');
    assert.ok(parts.some((r) => r.kind === 'city_level'), 'a 市本级 row');
    const sum = parts.reduce((s, r) => s + units(r.values.signed_amount), 0n);
    assert.ok(sum > 0n, 'the demo signed projects in 2022');
    assert.equal(units(total.values.signed_amount), sum, 'the API’s 全市 equals the rows’ sum');

    await j.page.waitForFunction((label) => document.querySelector('[data-testid="report-header"]')?.textContent?.includes(label), body.frame.period.label);
    assert.equal(await totalExact(), sum, 'the page’s 全市 equals the rows’ sum');
    const totalRow = j.page.locator('[data-testid="report-row"][data-kind="total"]');
    assert.match(await totalRow.locator('[data-metric="signed_amount"] [data-testid="yoy"]').innerText(), /^同比 ([+-]\d+\.\d{2}%|0\.00%|—)$/);
    await j.page.getByTestId('report-rules').getByText('资金到位率').first().waitFor();
    await shot(j.page, 'reporting-2022', true);
  });

  it('prints without the menu and the controls', async () => {
    await j.page.getByRole('button', { name: /打\s*印/ }).waitFor();
    await j.page.emulateMedia({ media: 'print' });
    assert.equal(await nav().isVisible(), false, 'the menu is not printed');
    assert.equal(await j.page.getByRole('button', { name: /打\s*印/ }).isVisible(), false, 'nor the 打印 button');
    assert.equal(await j.page.getByRole('combobox', { name: '期间类型' }).isVisible(), false, 'nor the period picker');
    await j.page.getByTestId('report-header').getByText('数据截至').waitFor();
    await shot(j.page, 'reporting-print', true);
    await j.page.emulateMedia({ media: 'screen' });
  });
});

describe('county manager: his county’s 通报 from the menu', () => {
  const j = journey({ account: ['manager-horqin', 'Manager@2022'], landing: '/pipeline' });

  it('opens on 科尔沁区’s table (its 苏木乡镇 and 合计), not an error for the city’s', async () => {
    await j.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /(^|\s)通报$/ }).click();
    await j.page.waitForURL('**/reporting');
    const today = beijingToday();
    const [year, month] = today.split('-').map(Number);
    const { status, body } = await j.api.get(`/reporting/units?periodType=ytd&year=${year}&month=${month}&asOf=${today}&view=configured`);
    assert.equal(status, 200);
    assert.equal(body.parent.name, '科尔沁区');
    await j.page.getByTestId('report-header').getByText('科尔沁区招商引资工作通报', { exact: false }).waitFor();
    await j.page.getByTestId('report-row').nth(body.rows.length - 1).waitFor();
    assert.equal(await j.page.getByTestId('report-row').count(), body.rows.length);
    const total = j.page.locator('[data-testid="report-row"][data-kind="total"] [data-metric="signed_amount"] .report-value .amount');
    assert.equal(shownUnits(await total.getAttribute('title')), units(body.rows.at(-1).values.signed_amount));
    await shot(j.page, 'reporting-county-manager', true);
  });
});
