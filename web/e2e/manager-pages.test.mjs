// A city leader on a laptop: decides a lead collision (撞单), reads the funnel and the teams'
// progress against 序时进度, and finds no admin pages in the menu.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, journey, shot } from './helpers.mjs';

const MANAGER = ['manager-city', 'Manager@2022'];

describe('manager: 撞单裁定, 转化漏斗, 指标进度', () => {
  const j = journey({ account: MANAGER, landing: '/pipeline' });
  const nav = () => j.page.getByRole('navigation', { name: '主导航' });

  it('lists the manager’s pages and none of the admin’s', async () => {
    for (const label of ['在谈项目看板', '转化漏斗', '闲置线索', '撞单裁定', '指标任务', '通报排名']) await nav().getByRole('link', { name: label }).waitFor();
    for (const label of ['操作日志', '后台任务', '签约活动', '登录锁定']) assert.equal(await nav().getByRole('link', { name: label }).count(), 0, label);
    await j.page.goto(`${BASE}/audit`);
    await j.page.getByText('无权访问').waitFor();
  });

  it('approves the demo’s pending co-pursue request, a refusal needing its reason first', async () => {
    await j.page.goto(`${BASE}/pipeline`);
    await nav().getByRole('link', { name: '撞单裁定' }).click();
    const row = j.page.getByTestId('claim-row').filter({ hasText: '伊赛牛肉' });
    await row.waitFor();
    const pending = (await j.api.get('/lead-claims?status=pending')).body.items.find((c) => c.enterprise.name.includes('伊赛牛肉'));
    assert.ok(pending?.canDecide);

    await row.getByRole('button', { name: /驳\s*回/ }).click();
    const refuse = j.page.getByRole('dialog', { name: '驳回撞单申请' });
    await refuse.getByTestId('decide-submit').click();
    await refuse.getByText('请说明驳回的理由').waitFor();
    await refuse.getByRole('button', { name: /取\s*消/ }).click();
    await refuse.waitFor({ state: 'detached' });

    await row.getByRole('button', { name: /同\s*意/ }).click();
    const approve = j.page.getByRole('dialog', { name: '同意撞单申请' });
    await approve.getByLabel('裁定说明').fill('两队分工：开鲁县招商一队负责项目落地，大榆树镇负责用地保障');
    await approve.getByTestId('decide-submit').click();
    await j.page.getByText('已同意「大榆树镇招商小分队」联合跟进').waitFor();
    await row.waitFor({ state: 'detached' });
    const decided = (await j.api.get(`/lead-claims/${pending.id}`)).body;
    assert.equal(decided.status, 'approved');
    assert.equal(decided.decisionNote, '两队分工：开鲁县招商一队负责项目落地，大榆树镇负责用地保障');
  });

  it('draws the funnel of the demo’s leads', async () => {
    await nav().getByRole('link', { name: '转化漏斗' }).click();
    await j.page.locator('[data-testid="chart-funnel"][data-rendered="true"]').waitFor();
    const funnel = (await j.api.get('/pipeline/funnel')).body;
    await j.page.getByRole('cell', { name: `${funnel.steps[0].reached} 个` }).first().waitFor();
  });

  it('shows the teams’ progress against 序时进度, coloured by status', async () => {
    // The page opens on this year (Beijing) as of today; the service's answer for the same is what it must show.
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4);
    const report = (await j.api.get(`/targets/progress?periodType=year&year=${year}`)).body;
    assert.ok(report.rows.length >= 10, `${report.rows.length} targets`);
    await nav().getByRole('link', { name: '指标任务' }).click();
    const panel = j.page.getByTestId('progress-panel');
    await panel.getByTestId('progress-row').first().waitFor();
    assert.equal(await panel.getByTestId('progress-row').count(), report.rows.length);
    // 序时进度, its convention and 数据截至, as the service frames the period.
    assert.equal(await panel.getByTestId('progress-period').textContent(), report.period.label);
    assert.equal(await panel.getByTestId('time-elapsed').textContent(), `${report.timeElapsed}%`);
    assert.ok((await panel.getByTestId('pace-label').textContent()).includes(report.paceLabel), report.paceLabel);
    const [y, m, d] = report.dataAsOf.split('-').map(Number);
    assert.equal(await panel.getByTestId('data-as-of').textContent(), `${y}年${m}月${d}日`);
    // A manager follows progress; only admins assign.
    assert.equal(await j.page.getByTestId('assign-open').count(), 0);

    // Each metric's bars carry the service's status per unit and team; the metric with the most kinds of status is
    // the one checked (the demo is dated across 2021-09 to today, so which metric that is depends on the day).
    const SHORT = { enterprises_contacted: '对接企业', visits: '走访', new_leads: '新增线索', signed_projects: '签约项目', signed_amount: '签约金额', projects_registered: '注册落地', projects_started: '开工项目', completed_investment: '完成投资', funds_in_place: '到位资金' };
    const expected = (metric) =>
      report.rows.flatMap((r) => r.metrics.filter((p) => p.metric === metric).map((p) => `${r.target.assignee.name}:${p.status}`)).sort();
    const metrics = [...new Set(report.rows.flatMap((r) => r.metrics.map((p) => p.metric)))];
    const kinds = (metric) => new Set(expected(metric).map((e) => e.split(':').pop())).size;
    const metric = metrics.sort((a, b) => kinds(b) - kinds(a))[0];
    assert.ok(metric && kinds(metric) >= 2, `some metric shows more than one status: ${metrics.map((x) => `${x}=${kinds(x)}`).join(', ')}`);
    await panel.getByText(SHORT[metric], { exact: true }).click();
    const shown = async () =>
      (
        await panel.getByTestId('progress-row').evaluateAll((rows) =>
          rows.flatMap((row) => [...row.querySelectorAll('[data-testid="progress-bar"]')].map((bar) => `${row.dataset.assignee}:${bar.dataset.status}`)),
        )
      ).sort();
    const want = expected(metric);
    for (let i = 0; i < 50 && JSON.stringify(await shown()) !== JSON.stringify(want); i++) await j.page.waitForTimeout(100);
    assert.deepEqual(await shown(), want, `${metric} statuses`);
    for (const s of want) assert.match(s, /:(done|on_track|behind)$/);
    await shot(j.page, 'manager-target-progress');

    // The same year read as a 通报 does, 1–6月, framed by the service.
    const ytd = (await j.api.get(`/targets/progress?periodType=ytd&year=${year}&month=6`)).body;
    await j.page.getByLabel('报告期').click();
    await j.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '1–6月' }).click();
    await j.page.waitForURL('**upTo=6**');
    await panel.locator('[data-testid="progress-period"]', { hasText: ytd.period.label }).waitFor();
    assert.equal(await panel.getByTestId('progress-period').textContent(), ytd.period.label);
    assert.equal(await panel.getByTestId('time-elapsed').textContent(), `${ytd.timeElapsed}%`);
    assert.equal(await panel.getByTestId('progress-row').count(), ytd.rows.length);
  });
});
