// Notifications and one's own account, for every role: the header bell (an admin's too), a
// notification marked read from it and opening its subject, 修改密码 then signing in with the new
// password, the users page's 招商队 column and team picker, and the audit log in Chinese.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, BASE, LAPTOP, launch, newPage, shot, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const MANAGER = ['manager-city', 'Manager@2022'];
// 开鲁县招商二队 files the claim; the new user joins that team, so is told of it.
const TEAM = '开鲁县招商二队';
const REQUESTER = ['gaozhiqiang', 'Member@2022'];
const STAMP = Date.now().toString(36);
const NEW_USER = { username: `e2e.notify.${STAMP}`, displayName: `通知测试${STAMP.slice(-4)}`, password: 'Initial@2022-pw' };
const NEW_PASSWORD = 'Changed@2022-pw';

describe('notifications and account', () => {
  let browser;
  const pages = [];
  let claim;
  let requester;

  const open = async (account, home) => {
    const page = await newPage(browser, LAPTOP);
    pages.push(page);
    await signIn(page, ...account, home);
    return page;
  };
  const bell = (page) => page.getByTestId('notification-bell');
  const panel = (page) => page.getByTestId('notification-panel');

  before(async () => {
    browser = await launch();
    requester = await apiAs(...REQUESTER);
  });
  after(async () => {
    // The claim is this journey's own: withdraw it so others find the demo as seeded.
    if (claim) await requester.post(`/lead-claims/${claim.id}/withdraw`);
    for (const p of pages) assert.deepEqual(p.errors, [], 'no script errors on the page');
    await browser?.close();
  });

  it('gives an admin the bell and its list', async () => {
    const page = await open(ADMIN, '/pipeline');
    await bell(page).click();
    await panel(page).waitFor();
    await panel(page).getByRole('link', { name: '查看全部通知' }).waitFor();
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'detached' });
  });

  it('creates a user on a team, shown in the 招商队 column', async () => {
    const page = pages[0];
    await page.goto(`${BASE}/org/users`);
    await page.getByTestId('new-user').click();
    const dialog = page.getByRole('dialog', { name: '新增用户' });
    await dialog.getByLabel('登录名').fill(NEW_USER.username);
    await dialog.getByLabel('姓名').fill(NEW_USER.displayName);
    await dialog.getByLabel('初始密码').fill(NEW_USER.password);
    await dialog.getByLabel('加入招商队').click();
    // The picker asks the service as one types: pick from the answer to the whole name, not from
    // an earlier keystroke's list that the last answer re-renders under the click (the choice was lost).
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/teams?') && new URL(r.url()).searchParams.get('q') === TEAM);
    await page.keyboard.type(TEAM);
    await answered;
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: TEAM }).first().click();
    await dialog.getByTestId('user-save').click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-username="${NEW_USER.username}"]`);
    await row.getByRole('cell', { name: TEAM }).waitFor();
    await shot(page, 'users-team-column');
  });

  it('shows the audit entry with 字段中文名, names and a link to the record', async () => {
    const page = pages[0];
    const admin = await apiAs(...ADMIN);
    const created = (await admin.get(`/users?q=${NEW_USER.username}`)).body.items[0];
    await page.goto(`${BASE}/audit`);
    await page.getByLabel('对象编号', { exact: true }).fill(created.id);
    await page.getByLabel('对象编号', { exact: true }).press('Enter');
    const row = page.locator('tr.ant-table-row').filter({ hasText: NEW_USER.displayName }).first();
    await row.getByRole('link', { name: NEW_USER.displayName }).waitFor();
    await row.getByText('赵丽娟').waitFor();
    // The changed fields, by their Chinese names (in the order the service stores them).
    for (const label of ['登录名', '姓名', '所属招商队']) await row.getByText(new RegExp(`(^|、)${label}(、|$)`)).first().waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    const changes = page.locator('.ant-table-expanded-row').first();
    for (const label of ['登录名', '姓名', '角色', '所属招商队']) await changes.getByRole('cell', { name: label, exact: true }).waitFor();
    await changes.getByRole('cell', { name: TEAM, exact: true }).waitFor();
    await changes.getByRole('cell', { name: '招商队员', exact: true }).waitFor();
    assert.equal(await changes.getByText('teamIds').count(), 0, 'no code field names');
    await shot(page, 'audit-chinese-fields');
  });

  it('tells the team of a 撞单 claim: the member opens it from the bell, which marks it read', async () => {
    // A lead another team holds, on a company and chain the requesting team has none of.
    const leads = (await (await apiAs(...MANAGER)).get('/leads?limit=200&sort=createdAt&order=asc')).body.items;
    const own = new Set(leads.filter((l) => l.team.name === TEAM).map((l) => `${l.enterprise.id}/${l.industryChain.id}`));
    const held = leads.find((l) => l.team.name !== TEAM && !['lost', 'signed'].includes(l.stage) && !own.has(`${l.enterprise.id}/${l.industryChain.id}`) && !l.enterprise.name.includes('伊赛') && !l.enterprise.name.includes('梅花'));
    assert.ok(held, 'a lead held by another team');
    const filed = await requester.post('/lead-claims', { enterpriseId: held.enterprise.id, industryChainId: held.industryChain.id, kind: 'co_pursue', reason: '我队已多次对接该企业' });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    claim = filed.body;

    const page = await open([NEW_USER.username, NEW_USER.password], '/today');
    await page.getByTestId('notification-count').getByText('1').waitFor();
    await bell(page).click();
    const item = panel(page).getByTestId('notification-item').filter({ hasText: '我队已多次对接该企业' });
    assert.equal(await item.getAttribute('data-unread'), 'true');
    await item.getByTestId('notification-link').click();
    // Not the holder's lead (out of this team's scope): the company it is about.
    await page.waitForURL(`**/enterprises/${held.enterprise.id}`);
    await page.getByText(held.enterprise.name).first().waitFor();
    await page.getByTestId('notification-count').waitFor({ state: 'detached' });
    const api = await apiAs(NEW_USER.username, NEW_USER.password);
    assert.equal((await api.get('/notifications/unread-count')).body.count, 0);
    await shot(page, 'notification-opened-subject');
  });

  it('lets a manager mark it read in the list, then open the 撞单裁定 page', async () => {
    const page = await open(MANAGER, '/pipeline');
    const api = await apiAs(...MANAGER);
    const before = (await api.get('/notifications/unread-count')).body.count;
    assert.ok(before >= 1, 'the manager was told');
    await bell(page).click();
    const item = panel(page).getByTestId('notification-item').filter({ hasText: '我队已多次对接该企业' }).first();
    await item.getByTestId('notification-mark-read').click();
    await item.getByTestId('notification-mark-read').waitFor({ state: 'detached' });
    assert.equal(await item.getAttribute('data-unread'), 'false');
    // The list marks it at once; the service's answer may come a moment later.
    let mine;
    for (let i = 0; i < 20 && !mine?.readAt; i++) {
      if (i) await new Promise((r) => setTimeout(r, 250));
      mine = (await api.get('/notifications?limit=50')).body.items.find((n) => n.linkType === 'lead-claim' && n.linkId === claim.id);
    }
    assert.ok(mine?.readAt, 'read on the server');
    await shot(page, 'notification-bell-manager');
    await item.getByTestId('notification-link').click();
    await page.waitForURL('**/lead-claims');
  });

  it('lists every notification on 我的通知, filters unread ones and marks them all read', async () => {
    const page = pages.at(-1);
    await page.goto(`${BASE}/notifications`);
    await page.getByRole('heading', { name: '我的通知' }).waitFor();
    await page.getByTestId('notification-item').filter({ hasText: '我队已多次对接该企业' }).waitFor();
    await page.getByText('未读', { exact: true }).click();
    await page.getByTestId('notifications-read-all').click();
    await page.getByText('没有未读通知').waitFor();
    const api = await apiAs(...MANAGER);
    assert.equal((await api.get('/notifications/unread-count')).body.count, 0);
  });

  it('changes the password; the new one signs in, the old one no longer does', async () => {
    const page = pages.at(-2);
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    await page.waitForURL('**/account/password');
    await page.getByLabel('当前密码').fill('not-my-password');
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD + 'x');
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.getByText('两次输入的新密码不一致').waitFor();
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.getByText('当前密码不正确').waitFor();
    await page.getByLabel('当前密码').fill(NEW_USER.password);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.getByTestId('password-changed').waitFor();
    // Still signed in here: the page's own session was renewed.
    await page.goto(`${BASE}/notifications`);
    await page.getByRole('heading', { name: '我的通知' }).waitFor();
    await page.getByTestId('account-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await signIn(page, NEW_USER.username, NEW_PASSWORD, '/today');
    const old = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: NEW_USER.username, password: NEW_USER.password }) });
    assert.equal(old.status, 401);
  });
});
