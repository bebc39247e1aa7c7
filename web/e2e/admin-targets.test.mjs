// The 招商局 on a laptop: assigns a quarter's target to a county, splits it between two teams
// (the remainder follows the typing; an over-split is refused beside the remainder), then
// publishes the team ranking and downloads it as .xlsx.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { BASE, beijingToday, journey, OUT, shot } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
// The demo has year targets only: this year's current quarter starts empty.
const today = beijingToday();
const YEAR = Number(today.slice(0, 4));
const QUARTER = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
const PERIOD = `${YEAR}Q${QUARTER}`;
const periodQuery = `periodType=quarter&year=${YEAR}&quarter=${QUARTER}`;

/** Picks an option of an antd Select by typing into it. */
async function choose(page, combobox, text) {
  await combobox.click();
  await combobox.fill(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

describe('admin: assign and split a target, publish and download the ranking', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline' });

  it('assigns a quarter target to 开鲁县 from the menu', async () => {
    await j.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '指标任务' }).click();
    await j.page.waitForURL('**/targets');
    await j.page.goto(`${BASE}/targets?period=${PERIOD}&tab=targets`);
    await j.page.getByTestId('targets-panel').getByText('尚未下达指标').waitFor();

    await j.page.getByTestId('assign-open').click();
    const dialog = j.page.getByRole('dialog', { name: /下达指标/ });
    await choose(j.page, dialog.getByRole('combobox', { name: '区域单位' }), '开鲁县');
    await dialog.getByLabel('签约项目数').fill('3');
    await dialog.getByLabel('签约金额').fill('300000.5');
    await dialog.getByLabel('走访次数').fill('10');
    await dialog.getByTestId('assign-submit').click();
    await j.page.getByTestId('target-row').filter({ hasText: '开鲁县' }).waitFor();
    await dialog.waitFor({ state: 'detached' });

    const list = (await j.api.get(`/targets?${periodQuery}`)).body;
    assert.equal(list.length, 1);
    assert.equal(list[0].assignee.name, '开鲁县');
    assert.deepEqual(list[0].values, { signed_amount: '300000.5', signed_projects: '3', visits: '10' });
  });

  it('says beside 区域单位 that the county already has a target this quarter', async () => {
    await j.page.getByTestId('assign-open').click();
    const dialog = j.page.getByRole('dialog', { name: /下达指标/ });
    await choose(j.page, dialog.getByRole('combobox', { name: '区域单位' }), '开鲁县');
    await dialog.getByLabel('走访次数').fill('1');
    await dialog.getByTestId('assign-submit').click();
    const field = dialog.locator('.ant-form-item').filter({ has: j.page.getByRole('combobox', { name: '区域单位' }) });
    await field.getByText('该对象在该期间已有指标').waitFor();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('splits it between two teams, the remainder following the typing, an over-split refused beside it', async () => {
    await j.page.getByTestId('target-row').filter({ hasText: '开鲁县' }).getByTestId('split-open').click();
    const drawer = j.page.getByRole('dialog', { name: /分解指标：开鲁县/ });
    const rows = drawer.getByTestId('split-row');
    await rows.first().waitFor();
    await choose(j.page, rows.nth(0).getByRole('combobox', { name: '招商队' }), '开鲁县招商一队');
    await rows.nth(0).getByLabel('签约金额').fill('200000');
    await rows.nth(0).getByLabel('签约项目数').fill('2');
    await drawer.getByTestId('split-add').click();
    await choose(j.page, rows.nth(1).getByRole('combobox', { name: '招商队' }), '开鲁县招商二队');
    await rows.nth(1).getByLabel('签约金额').fill('200000');
    await rows.nth(1).getByLabel('走访次数').fill('4');

    // 300000.5 − 200000 − 200000 万元, exactly, and red.
    const amountLeft = drawer.getByTestId('remainder-signed_amount');
    await amountLeft.getByText('-99,999.5万元').waitFor();
    assert.match(await amountLeft.getAttribute('class'), /remainder-negative/);
    await drawer.getByTestId('split-submit').click();
    await drawer.locator('[data-metric="signed_amount"]').getByText('分解合计超过上级指标').waitFor();

    await rows.nth(1).getByLabel('签约金额').fill('100000.25');
    await amountLeft.getByText('0.25万元').waitFor();
    // The refusal was about the figures before the change: it goes with it.
    await drawer.getByRole('alert').first().waitFor({ state: 'detached' });
    await drawer.getByTestId('remainder-signed_projects').getByText('1个').waitFor();
    await drawer.getByTestId('remainder-visits').getByText('6次').waitFor();
    await shot(j.page, 'admin-target-split');
    await drawer.getByTestId('split-submit').click();
    await drawer.waitFor({ state: 'detached' });
    await j.page.getByTestId('target-row').filter({ hasText: '开鲁县招商二队' }).waitFor();

    const unit = (await j.api.get(`/targets?${periodQuery}`)).body.find((t) => t.assignee.type === 'unit');
    const detail = (await j.api.get(`/targets/${unit.id}`)).body;
    assert.deepEqual(
      detail.children.map((c) => [c.assignee.name, c.values]).sort(),
      [
        ['开鲁县招商一队', { signed_amount: '200000', signed_projects: '2' }],
        ['开鲁县招商二队', { signed_amount: '100000.25', visits: '4' }],
      ],
    );
    assert.deepEqual(detail.unassigned, { signed_amount: '0.25', signed_projects: '1', visits: '6' });
  });

  it('shows the teams’ progress against 序时进度', async () => {
    await j.page.getByRole('tab', { name: '完成进度' }).click();
    const panel = j.page.getByTestId('progress-panel');
    await panel.getByTestId('time-elapsed').waitFor();
    for (const name of ['开鲁县', '开鲁县招商一队', '开鲁县招商二队']) await panel.getByTestId('progress-row').filter({ hasText: name }).first().waitFor();
    assert.equal(await panel.getByTestId('progress-row').count(), 3);
    const bar = panel.getByTestId('progress-row').filter({ hasText: '开鲁县招商一队' }).getByTestId('progress-bar');
    assert.match(await bar.getAttribute('data-status'), /^(done|on_track|behind)$/);
  });

  it('publishes the team ranking and downloads a real .xlsx', async () => {
    await j.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '通报排名' }).click();
    await j.page.goto(`${BASE}/rankings?period=${PERIOD}&level=team`);
    const preview = j.page.getByTestId('ranking-preview');
    await preview.getByTestId('ranking-row').first().waitFor();
    assert.deepEqual((await preview.getByTestId('ranking-row').evaluateAll((rows) => rows.map((r) => r.dataset.assignee))).sort(), ['开鲁县招商一队', '开鲁县招商二队']);

    await j.page.getByTestId('publish-open').click();
    const dialog = j.page.getByRole('dialog', { name: '发布通报排名' });
    const title = `${YEAR}年第${QUARTER}季度招商队通报排名（测试 ${Date.now().toString(36)}）`;
    await dialog.getByLabel('标题').fill(title);
    await dialog.getByTestId('publish-submit').click();
    const row = j.page.getByTestId('published-row').filter({ hasText: title });
    await row.waitFor();

    const [download] = await Promise.all([j.page.waitForEvent('download'), row.getByTestId('download-xlsx').click()]);
    assert.equal(download.suggestedFilename(), `${title}.xlsx`);
    const file = `${OUT}admin-ranking.xlsx`;
    await download.saveAs(file);
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx is a zip');

    // Read it as a spreadsheet (exceljs, from the service's dependencies).
    const require = createRequire(new URL('../../package.json', import.meta.url));
    const ExcelJS = require('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes);
    const text = [];
    book.eachSheet((sheet) => sheet.eachRow((r) => text.push(r.values.filter((v) => v != null).map(String).join(' '))));
    const all = text.join('\n');
    assert.ok(all.includes(title), 'the sheet carries the title');
    assert.ok(all.includes('开鲁县招商一队') && all.includes('开鲁县招商二队'), 'the sheet lists both teams');
    await j.page.getByText(`已下载「${title}.xlsx」`).waitFor();
    await shot(j.page, 'admin-ranking-published');
  });
});
