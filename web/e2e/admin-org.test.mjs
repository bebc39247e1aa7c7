// An admin sets up the organisation: a township under 开鲁县, a user, a team there led by that
// user (roster), a new industry chain; then deactivates the user. Field errors stand beside fields.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, journey, shot } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const RUN = Date.now().toString(36).slice(-5);

describe('admin: regions, users, teams and reference data', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline' });
  const town = `测试镇${RUN}`;
  const username = `e2e_${RUN}`;
  const teamName = `${town}招商小分队`;

  it('adds a township under 开鲁县 in the region tree', async () => {
    await j.page.locator('.side-nav').getByRole('link', { name: '区域' }).click();
    await j.page.waitForURL('**/org/regions');
    await j.page.locator('.ant-tree').getByText('开鲁县', { exact: true }).click();
    await j.page.getByRole('button', { name: /新增下级（乡镇街道）/ }).click();
    const dialog = j.page.getByRole('dialog', { name: '在「开鲁县」下新增乡镇街道' });
    await dialog.getByLabel('名称').fill(town);
    await dialog.getByLabel('行政区划代码').fill('1505');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('6、9 或 12 位数字（GB/T 2260）').waitFor();
    await dialog.getByLabel('行政区划代码').fill('');
    await dialog.getByRole('button', { name: /保\s*存/ }).dblclick();
    await dialog.waitFor({ state: 'detached' });
    await j.page.locator('.ant-tree').getByText(town).waitFor();
    const found = (await j.api.get(`/regions?q=${encodeURIComponent(town)}`)).body.items;
    assert.equal(found.length, 1, 'one township');
    assert.equal(found[0].level, 'township');
  });

  it('creates a user (the API refuses a taken login name beside the field), a team led by them, and deactivates the user', async () => {
    await j.page.locator('.side-nav').getByRole('link', { name: '用户' }).click();
    await j.page.waitForURL('**/org/users');
    await j.page.getByTestId('new-user').click();
    const dialog = j.page.getByRole('dialog', { name: '新增用户' });
    await dialog.getByLabel('登录名').fill('liuhongmei');
    await dialog.getByLabel('姓名').fill('测试队员');
    await dialog.getByLabel('初始密码').fill('Test@20221');
    await dialog.getByTestId('user-save').click();
    await dialog.getByRole('alert').or(dialog.locator('.ant-form-item-explain-error')).first().waitFor();
    await dialog.getByLabel('登录名').fill(username);
    await dialog.getByTestId('user-save').dblclick();
    await dialog.waitFor({ state: 'detached' });
    const users = (await j.api.get(`/users?q=${username}`)).body.items;
    assert.equal(users.length, 1, 'one user');

    await j.page.locator('.side-nav').getByRole('link', { name: '招商队' }).click();
    await j.page.waitForURL('**/org/teams');
    await j.page.getByRole('button', { name: '新增招商队' }).click();
    const team = j.page.getByRole('dialog', { name: '新增招商队' });
    await team.getByLabel('队名').fill(teamName);
    await team.getByLabel('所属区域单位').click();
    await team.getByLabel('所属区域单位').fill(town);
    await j.page.locator('.ant-select-tree-node-content-wrapper', { hasText: town }).click();
    await team.getByLabel('队长').click();
    await team.getByLabel('队长').fill(username);
    await j.page.locator('.ant-select-item-option', { hasText: username }).click();
    await team.getByRole('button', { name: /保\s*存/ }).click();
    await team.waitFor({ state: 'detached' });
    const row = j.page.getByTestId('team-row').filter({ hasText: teamName });
    await row.waitFor();
    await row.getByRole('button', { name: '队员' }).click();
    const roster = j.page.getByRole('dialog', { name: `${teamName} · 队员` });
    await roster.getByText('测试队员').waitFor();
    await roster.getByText('队长').waitFor();
    await j.page.waitForTimeout(400); // the drawer's entry animation, for the screenshot
    await shot(j.page, 'admin-team-roster');
    await j.page.keyboard.press('Escape');

    await j.page.goto(`${BASE}/org/users`);
    const userRow = j.page.getByTestId('user-row').filter({ hasText: username });
    await userRow.getByRole('button', { name: /停\s*用/ }).click();
    await j.page.locator('.ant-popconfirm').getByRole('button', { name: /停\s*用/ }).click();
    await j.page.getByText(/已停用 测试队员/).waitFor();
    assert.equal((await j.api.get(`/users?q=${username}`)).body.items[0].isActive, false);
  });

  it('adds an industry chain', async () => {
    await j.page.locator('.side-nav').getByRole('link', { name: /(^|\s)产业链$/ }).click();
    await j.page.waitForURL('**/org/chains');
    await j.page.getByRole('button', { name: '新增产业链' }).click();
    const dialog = j.page.getByRole('dialog', { name: '新增产业链' });
    await dialog.getByLabel('名称').fill(`测试产业链${RUN}`);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await j.page.getByText(`测试产业链${RUN}`).waitFor();
    await shot(j.page, 'admin-chains');
  });
});
