// 督办: an admin assigns a project's 卡点堵点 to 市自然资源局 from the project page; the department's
// account signs in, lands on 督办 with only its own 交办单, replies and closes it (办结); the admin
// finds it closed and reads the month's figures per department.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, LAPTOP, launch, newPage, shot, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const DEPT = ['dept-zrzy', 'Dept@2022ok'];
const PROJECT = '阜丰玉米深加工氨基酸项目';
const PROBLEM = `三期用地预审未批复（${Date.now().toString(36)}）`;

describe('督办: assigned, replied and closed by the department', () => {
  let browser;
  let admin;
  let dept;

  before(async () => {
    browser = await launch();
    admin = await apiAs(...ADMIN);
    dept = await apiAs(...DEPT);
  });
  after(async () => browser?.close());

  it('admin assigns a problem to 市自然资源局 from the project page', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...ADMIN, '/pipeline');
    await page.locator('.side-nav').getByRole('link', { name: '项目库' }).click();
    await page.waitForURL('**/projects');
    await page.getByTestId('project-row').filter({ hasText: PROJECT }).getByRole('link', { name: PROJECT }).click();
    await page.getByTestId('project-name').getByText(PROJECT).waitFor();
    await page.getByRole('button', { name: '登记' }).click();
    const dialog = page.getByRole('dialog', { name: '登记卡点堵点' });
    await dialog.getByLabel('交办部门').click();
    await dialog.getByLabel('交办部门').fill('自然资源');
    await page.locator('.ant-select-item-option', { hasText: '市自然资源局' }).click();
    await dialog.getByLabel('问题描述').fill(PROBLEM);
    await dialog.getByTestId('dialog-save').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(PROBLEM).waitFor();

    await page.locator('.side-nav').getByRole('link', { name: '督办' }).click();
    await page.waitForURL('**/supervision');
    await page.getByTestId('supervision-row').filter({ hasText: PROBLEM }).waitFor();
    await shot(page, 'supervision-admin');
    assert.deepEqual(page.errors, []);
  });

  it('the department lands on 督办, sees only its own, replies and closes', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...DEPT, '/supervision');
    // Its menu holds 督办 alone; the rest of the service refuses it.
    const nav = page.locator('.side-nav');
    await nav.getByRole('link', { name: '督办' }).waitFor();
    assert.deepEqual((await nav.getByRole('link').allInnerTexts()).map((t) => t.trim()), ['督办']);
    assert.equal((await dept.get('/projects')).status, 403);
    const rows = (await dept.get('/supervision/items')).body.items;
    assert.ok(rows.length > 0 && rows.every((r) => r.departmentName === '市自然资源局'), 'only 市自然资源局’s 交办单');

    const row = page.getByTestId('supervision-row').filter({ hasText: PROBLEM });
    await row.getByRole('button', { name: /办\s*理/ }).click();
    const drawer = page.getByRole('dialog', { name: `交办单 · ${PROJECT}` });
    await drawer.getByText(PROJECT).first().waitFor();
    await drawer.getByLabel('回复办理情况').fill('已受理，正在会同旗县自然资源部门补充用地报批材料');
    await drawer.getByRole('button', { name: /回\s*复/ }).click();
    await drawer.getByTestId('reply').filter({ hasText: '已受理' }).waitFor();
    await drawer.getByText('办理中').first().waitFor();
    await drawer.getByLabel('办结情况').fill('用地预审已批复，文号通自然资预〔2026〕12号');
    await drawer.getByRole('button', { name: /办\s*结/ }).click();
    await drawer.getByText('已办结').first().waitFor();
    await shot(page, 'supervision-department');

    const item = rows.find((r) => r.description === PROBLEM);
    const closed = (await admin.get(`/supervision/items/${item.id}`)).body;
    assert.equal(closed.status, 'resolved');
    assert.equal(closed.resolution, '用地预审已批复，文号通自然资预〔2026〕12号');
    assert.deepEqual(
      closed.replies.map((r) => r.body),
      ['已受理，正在会同旗县自然资源部门补充用地报批材料'],
    );
    assert.deepEqual(page.errors, []);
  });

  it('admin reads the month’s figures per department', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...ADMIN, '/pipeline');
    await page.goto(page.url().replace(/\/pipeline$/, '/supervision'));
    await page.getByRole('tab', { name: '月度通报' }).click();
    await page.getByTestId('figures-row').filter({ hasText: '市自然资源局' }).waitFor();
    await page.getByTestId('figures-row').filter({ hasText: '合计' }).waitFor();
    await shot(page, 'supervision-figures');
    assert.deepEqual(page.errors, []);
  });
});
