// 项目库: an admin reads a project's lifecycle nodes coloured by due state, moves a node's planned
// date to tomorrow (due within 48 h), sets the year plan and logs a problem; the project's owner,
// a member on a phone, reports the month's completed investment.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, beijingToday, LAPTOP, launch, newPage, PHONE, shot, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const OWNER = ['liuhongmei', 'Member@2022'];
const PROJECT = '阜丰玉米深加工氨基酸项目';

function tomorrow() {
  const [y, m, d] = beijingToday().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1));
}

describe('项目库: nodes, plans, progress and problems', () => {
  let browser;
  let api;
  let projectId;

  before(async () => {
    browser = await launch();
    api = await apiAs(...ADMIN);
    projectId = (await api.get(`/projects?q=${encodeURIComponent(PROJECT)}&limit=1`)).body.items[0].id;
  });
  after(async () => browser?.close());

  it('admin: nodes coloured done / on track / due in 48 h; a year plan; a problem', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...ADMIN, '/pipeline');
    await page.locator('.side-nav').getByRole('link', { name: '项目库' }).click();
    await page.waitForURL('**/projects');
    await page.getByTestId('project-row').filter({ hasText: PROJECT }).getByRole('link', { name: PROJECT }).click();
    await page.getByTestId('project-name').getByText(PROJECT).waitFor();
    const node = (label) => page.getByTestId('project-node').filter({ hasText: label });
    assert.equal(await node('已注册').getAttribute('data-status'), 'done');
    assert.equal(await node('已注册').locator('.ant-tag-success').count(), 1, 'done is green');

    // 前期手续 planned for tomorrow: due within 48 hours, orange.
    await node('前期手续').getByRole('button', { name: '设置日期' }).click();
    const dialog = page.getByRole('dialog', { name: '前期手续 · 日期' });
    await dialog.getByLabel('计划完成日期').click();
    const t = tomorrow();
    const cell = page.locator(`.ant-picker-dropdown:visible td[title="${t.toISOString().slice(0, 10)}"]`);
    // The calendar opens on the node's current plan (a later month in the demo): page back to tomorrow.
    for (let i = 0; i < 24 && (await cell.count()) === 0; i++) await page.locator('.ant-picker-dropdown:visible .ant-picker-header-prev-btn').click();
    await cell.click();
    await dialog.getByTestId('dialog-save').click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('[data-testid="project-node"][data-status="due_soon"]'));
    assert.equal(await node('前期手续').locator('.ant-tag-warning').count(), 1, 'due within 48 h is orange');

    await page.getByRole('button', { name: '设置年度计划' }).click();
    const plan = page.getByRole('dialog', { name: '设置年度计划投资' });
    await plan.getByLabel('计划投资（万元）').fill('12000.5');
    await plan.getByTestId('dialog-save').dblclick();
    await plan.waitFor({ state: 'detached' });
    // Shown to two decimals of 亿元, the exact 万元 on hover.
    await page.locator('.amount[title="12,000.5万元"]').first().waitFor();

    await page.getByRole('button', { name: '登记' }).click();
    const pr = page.getByRole('dialog', { name: '登记卡点堵点' });
    await pr.getByLabel('责任部门').fill('开鲁县自然资源局');
    await pr.getByLabel('问题描述').fill('二期用地指标未落实');
    await pr.getByTestId('dialog-save').click();
    await pr.waitFor({ state: 'detached' });
    await page.getByText('二期用地指标未落实').waitFor();
    await shot(page, 'admin-project', true);
    assert.deepEqual(page.errors, []);
  });

  it("owner on a phone: reports this month's completed investment once", async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, ...OWNER, '/today');
    await page.locator('.tabbar').getByRole('link', { name: '项目' }).click();
    await page.getByRole('link', { name: PROJECT }).click();
    await page.getByTestId('report-progress').click();
    const dialog = page.getByRole('dialog', { name: '填报月度完成投资' });
    await dialog.getByLabel('当月完成投资（万元）').fill('1500');
    await dialog.getByLabel('形象进度').fill('主体厂房封顶');
    await dialog.getByTestId('dialog-save').dblclick();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('主体厂房封顶').waitFor();
    const progress = (await api.get(`/projects/${projectId}/progress`)).body;
    const month = beijingToday().slice(0, 7);
    assert.equal(progress.items.filter((i) => i.month === month).length, 1);
    assert.equal(progress.items.find((i) => i.month === month).completedInvestment, '1500');
    await shot(page, 'member-project-progress', true);
    assert.deepEqual(page.errors, []);
  });
});
