// A city leader on a laptop: decides a lead collision (撞单), reads the funnel and the teams'
// progress against 序时进度, and finds no admin pages in the menu.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, BASE, LAPTOP, launch, newPage, shot, signIn } from './helpers.mjs';

const MANAGER = ['manager-city', 'Manager@2022'];

describe('manager: 撞单裁定, 转化漏斗, 指标进度', () => {
  let browser;
  let page;
  let api;
  const nav = () => page.getByRole('navigation', { name: '主导航' });

  before(async () => {
    browser = await launch();
    page = await newPage(browser, LAPTOP);
    api = await apiAs(...MANAGER);
    await signIn(page, ...MANAGER, '/pipeline');
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], 'no script errors on the page');
    await browser?.close();
  });

  it('lists the manager’s pages and none of the admin’s', async () => {
    for (const label of ['在谈项目看板', '转化漏斗', '闲置线索', '撞单裁定', '指标任务', '通报排名']) await nav().getByRole('link', { name: label }).waitFor();
    for (const label of ['操作日志', '后台任务', '签约活动', '登录锁定']) assert.equal(await nav().getByRole('link', { name: label }).count(), 0, label);
    await page.goto(`${BASE}/audit`);
    await page.getByText('无权访问').waitFor();
  });

  it('approves the demo’s pending co-pursue request, a refusal needing its reason first', async () => {
    await page.goto(`${BASE}/pipeline`);
    await nav().getByRole('link', { name: '撞单裁定' }).click();
    const row = page.getByTestId('claim-row').filter({ hasText: '伊赛牛肉' });
    await row.waitFor();
    const pending = (await api.get('/lead-claims?status=pending')).body.items.find((c) => c.enterprise.name.includes('伊赛牛肉'));
    assert.ok(pending?.canDecide);

    await row.getByRole('button', { name: /驳\s*回/ }).click();
    const refuse = page.getByRole('dialog', { name: '驳回撞单申请' });
    await refuse.getByTestId('decide-submit').click();
    await refuse.getByText('请说明驳回的理由').waitFor();
    await refuse.getByRole('button', { name: /取\s*消/ }).click();
    await refuse.waitFor({ state: 'detached' });

    await row.getByRole('button', { name: /同\s*意/ }).click();
    const approve = page.getByRole('dialog', { name: '同意撞单申请' });
    await approve.getByLabel('裁定说明').fill('两队分工：开鲁县招商一队负责项目落地，大榆树镇负责用地保障');
    await approve.getByTestId('decide-submit').click();
    await page.getByText('已同意「大榆树镇招商小分队」联合跟进').waitFor();
    await row.waitFor({ state: 'detached' });
    const decided = (await api.get(`/lead-claims/${pending.id}`)).body;
    assert.equal(decided.status, 'approved');
    assert.equal(decided.decisionNote, '两队分工：开鲁县招商一队负责项目落地，大榆树镇负责用地保障');
  });

  it('draws the funnel of the demo’s leads', async () => {
    await nav().getByRole('link', { name: '转化漏斗' }).click();
    await page.locator('[data-testid="chart-funnel"][data-rendered="true"]').waitFor();
    const funnel = (await api.get('/pipeline/funnel')).body;
    await page.getByRole('cell', { name: `${funnel.steps[0].reached} 个` }).first().waitFor();
  });

  it('shows the teams’ progress against 序时进度, coloured by status', async () => {
    await nav().getByRole('link', { name: '指标任务' }).click();
    const panel = page.getByTestId('progress-panel');
    await panel.getByTestId('progress-row').first().waitFor();
    const bars = await panel.getByTestId('progress-bar').evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.ok(bars.length >= 10, `${bars.length} rows`);
    for (const s of bars) assert.match(s, /^(done|on_track|behind)$/);
    // A manager follows progress; only admins assign.
    assert.equal(await page.getByTestId('assign-open').count(), 0);
    // New leads: the demo's leads were registered today, so this year's figures have all three colours.
    await panel.getByText('新增线索', { exact: true }).click();
    await panel.locator('[data-testid="progress-bar"][data-status="done"]').first().waitFor();
    const statuses = new Set(await panel.getByTestId('progress-bar').evaluateAll((els) => els.map((e) => e.dataset.status)));
    assert.ok(statuses.has('done') && statuses.has('behind'), [...statuses].join());
    await shot(page, 'manager-target-progress');
  });
});
