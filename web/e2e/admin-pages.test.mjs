// The 招商局's other pages: signing events with their exact totals, the audit log, queue health.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journey, shot } from './helpers.mjs';

const ADMIN = ['admin-tcz', 'Admin@2022'];

describe('admin: 签约活动, 操作日志, 后台任务', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline' });
  const nav = () => j.page.getByRole('navigation', { name: '主导航' });
  const name = `秋季招商签约会（测试 ${Date.now().toString(36)}）`;

  it('shows the spring conference to the last digit, and keeps its date once it has signings', async () => {
    await nav().getByRole('link', { name: '签约活动' }).click();
    const spring = j.page.getByRole('row').filter({ hasText: '2022年春季网签大会' });
    // The column is headed 签约总额（亿元）; the exact 万元 value is the cell's hover title.
    await j.page.getByRole('columnheader', { name: '签约总额（亿元）' }).waitFor();
    await spring.locator('.amount[title="5,919,500万元"]', { hasText: '591.95' }).waitFor();
    await spring.getByText('31 个').waitFor();
    await spring.getByText('2022年4月27日').waitFor();

    await spring.getByRole('button', { name: '修改' }).click();
    const dialog = j.page.getByRole('dialog', { name: '修改签约活动' });
    await dialog.getByLabel('举办日期').click();
    await j.page.locator('.ant-picker-dropdown:visible td[title="2022-04-28"]').click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const dateField = dialog.locator('.ant-form-item').filter({ has: j.page.getByLabel('举办日期') });
    await dateField.getByText('签约活动已有签约记录，不能修改日期或删除').waitFor();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('adds an event, then removes it', async () => {
    await j.page.getByRole('button', { name: '新建活动' }).click();
    const dialog = j.page.getByRole('dialog', { name: '新建签约活动' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请填写活动名称').waitFor();
    await dialog.getByLabel('活动名称').fill(name);
    await dialog.getByLabel('地点').fill('通辽市会展中心');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const row = j.page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    const created = (await j.api.get('/signing-events?limit=200')).body.items.find((e) => e.name === name);
    assert.equal(created.location, '通辽市会展中心');
    await row.getByRole('button', { name: '删除' }).click();
    await j.page.getByRole('tooltip').getByRole('button', { name: /删\s*除/ }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('finds both changes in the audit log', async () => {
    await nav().getByRole('link', { name: '操作日志' }).click();
    await j.page.getByRole('combobox', { name: '对象' }).click();
    await j.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '签约活动' }).click();
    const rows = j.page.locator('tr.ant-table-row').filter({ hasText: '签约活动' });
    await rows.filter({ hasText: '删除' }).first().waitFor();
    await rows.filter({ hasText: '新建' }).first().waitFor();
    const log = (await j.api.get('/audit?entity=signing-event&limit=10')).body.items;
    assert.ok(log.some((e) => e.action === 'delete' && e.actorName === ADMIN[0]));
  });

  it('shows each queue’s jobs and says whether any failed', async () => {
    await nav().getByRole('link', { name: '后台任务' }).click();
    await j.page.getByTestId('queue-health').waitFor();
    for (const q of ['跟进提醒', '通知推送', '签约项目入库']) await j.page.getByRole('row').filter({ hasText: q }).waitFor();
    await shot(j.page, 'admin-queues');
  });
});
