// 线索列表: a member sees their team's leads (本队) and their own (我的), filters by stage, and
// reassigns two of their leads to a team mate in one bulk action; a county manager filters the
// 项目库 by 旗县区. Each screen is checked against the API the same user calls.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, BASE, LAPTOP, launch, newPage, PHONE, shot, signIn } from './helpers.mjs';

// 科尔沁区招商一队: 吴振东 owns several demo leads, 田雪 is his team mate.
const MEMBER = ['wuzhendong', 'Member@2022'];
const MEMBER_NAME = '吴振东';
const MATE = '田雪';
const MANAGER = ['manager-kailu', 'Manager@2022'];
const COUNTY = '开鲁县';
/** One A4 landscape page's content width (277 mm at 96 dpi), as print.test.mjs measures. */
const CONTENT_WIDTH = Math.floor((277 * 96) / 25.4);
const A4_CONTENT = { viewport: { width: CONTENT_WIDTH, height: 740 } };

/** Every lead of a list query, however many pages. */
async function allLeads(api, query) {
  const out = [];
  let cursor;
  do {
    const res = await api.get(`/leads?${query}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** The lead ids the table shows, loading every page first. */
async function shownIds(page) {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => undefined);
  for (let i = 0; i < 20; i++) {
    const more = page.getByRole('button', { name: '加载更多' });
    if ((await more.count()) === 0) break;
    await more.click();
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' }).catch(() => undefined);
  }
  return page.getByTestId('lead-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lead-id')));
}

describe('线索列表: 本队 / 我的, filters, bulk reassign; 项目库 by 旗县区', () => {
  let browser;
  let api;

  before(async () => {
    browser = await launch();
    api = await apiAs(...MEMBER);
  });
  after(async () => browser?.close());

  it('member: 本队 shows the team’s leads, team mates’ included; 我的 only their own', async () => {
    const team = await allLeads(api, 'scope=team');
    const mine = team.filter((l) => l.owner.id === api.user.id);
    assert.ok(team.some((l) => l.owner.id !== api.user.id), 'the demo team has leads of other members');
    assert.ok(mine.length >= 2, 'the member owns at least two leads');

    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...MEMBER, '/today');
    await page.locator('.side-nav').getByRole('link', { name: '线索列表' }).click();
    await page.waitForURL('**/leads');
    await page.getByText(`共 ${team.length} 条`).waitFor();
    assert.deepEqual((await shownIds(page)).sort(), team.map((l) => l.id).sort());

    await page.getByTestId('lead-scope').getByText('我的').click();
    await page.waitForURL('**/leads?scope=mine');
    await page.getByText(`共 ${mine.length} 条`).waitFor();
    assert.deepEqual((await shownIds(page)).sort(), mine.map((l) => l.id).sort());
    for (const text of await page.getByTestId('lead-row').locator('td:nth-child(3)').allInnerTexts()) assert.match(text, new RegExp(`· ${MEMBER_NAME}$`));
    await shot(page, 'lead-list-mine');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('member on a phone: 线索列表 under 更多, one card per lead, no sideways table', async () => {
    const team = await allLeads(api, 'scope=team');
    const page = await newPage(browser, PHONE);
    await signIn(page, ...MEMBER, '/today');
    await page.locator('.tabbar').getByRole('link', { name: '更多' }).click();
    await page.getByRole('navigation', { name: '更多' }).getByRole('link', { name: '线索列表' }).click();
    await page.waitForURL('**/leads');
    await page.getByText(`共 ${team.length} 条`).waitFor();
    assert.deepEqual((await shownIds(page)).sort(), team.map((l) => l.id).sort());
    assert.equal(await page.locator('.ant-table').count(), 0, 'cards, not a table');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `nothing scrolls sideways (${overflow}px)`);
    await shot(page, 'lead-list-phone');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('member: the stage filter and the 逾期 filter show what the API lists', async () => {
    const team = await allLeads(api, 'scope=team');
    const stage = team[0].stage;
    const label = team[0].stageLabel;
    const expected = team.filter((l) => l.stage === stage);

    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...MEMBER, '/today');
    await page.goto(`${BASE}/leads`);
    await page.getByRole('combobox', { name: '阶段' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: new RegExp(`^${label}$`) }).click();
    await page.waitForURL(`**/leads?*stage=${stage}*`);
    await page.getByText(`共 ${expected.length} 条`).waitFor();
    assert.deepEqual((await shownIds(page)).sort(), expected.map((l) => l.id).sort());

    const overdue = await allLeads(api, `scope=team&stage=${stage}&overdue=true`);
    await page.getByRole('combobox', { name: '状态' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '逾期未签约' }).click();
    await page.waitForURL('**/leads?*overdue=true*');
    await page.getByText(`共 ${overdue.length} 条`).waitFor();
    assert.deepEqual((await shownIds(page)).sort(), overdue.map((l) => l.id).sort());
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('member: reassigns two of their leads to a team mate in one bulk action', async () => {
    const mine = await allLeads(api, 'scope=mine');
    // Open leads first: what a team would hand over.
    const [first, second] = [...mine.filter((l) => l.stage !== 'signed'), ...mine.filter((l) => l.stage === 'signed')];
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...MEMBER, '/today');
    await page.goto(`${BASE}/leads?scope=mine`);
    await page.getByText(`共 ${mine.length} 条`).waitFor();
    for (const lead of [first, second]) await page.locator(`[data-lead-id="${lead.id}"] .ant-checkbox-input`).check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('已选 2 条').waitFor();
    await bar.getByRole('button', { name: '改派负责人' }).click();
    const dialog = page.getByRole('dialog', { name: '改派负责人（2 条）' });
    await dialog.getByLabel(/新负责人/).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: MATE }).click();
    await shot(page, 'lead-list-bulk-reassign');
    await dialog.getByTestId('bulk-ok').click();
    await page.getByText(`已将 2 条线索改派给${MATE}`).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`共 ${mine.length - 2} 条`).waitFor();

    const moved = await Promise.all([first, second].map(async (l) => (await api.get(`/leads/${l.id}`)).body));
    for (const l of moved) assert.equal(l.owner.name, MATE);
    // Put the demo back as it was for the other journeys: reassigned to the member again, in one call.
    const back = await api.post('/leads/bulk', { action: 'reassign', ids: [first.id, second.id], ownerId: api.user.id });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('county manager: 项目库 filtered by 旗县区 lists that county’s projects only', async () => {
    const manager = await apiAs(...MANAGER);
    const tree = (await manager.get('/regions/tree')).body;
    const find = (nodes) => nodes.flatMap((n) => (n.name === COUNTY ? [n] : find(n.children)));
    const unit = find(tree)[0];
    assert.ok(unit, `${COUNTY} is in the region tree`);
    const expected = (await manager.get(`/projects?regionUnitId=${unit.id}&limit=200&sort=updatedAt&order=desc`)).body;
    assert.ok(expected.total > 0, `${COUNTY} has projects in the demo`);

    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...MANAGER, '/pipeline');
    await page.locator('.side-nav').getByRole('link', { name: '项目库' }).click();
    await page.waitForURL('**/projects');
    const county = page.getByRole('combobox', { name: '旗县区' });
    await county.click();
    await county.fill(COUNTY);
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: new RegExp(`^${COUNTY}$`) }).click();
    const rows = page.getByTestId('project-row');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="project-row"]').length === n, Math.min(expected.total, 50));
    const names = await rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-name')));
    assert.deepEqual(names, expected.items.slice(0, 50).map((p) => p.name));
    for (const text of await rows.locator('td:nth-child(3)').allInnerTexts()) assert.equal(text.trim(), COUNTY);
    await shot(page, 'projects-by-county');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('county manager: the lists print one A4 page wide with the rows the API lists', async () => {
    const manager = await apiAs(...MANAGER);
    const page = await newPage(browser, A4_CONTENT);
    await signIn(page, ...MANAGER, '/pipeline');
    const idle = (await manager.get('/leads?scope=region&idle=true&limit=200')).body;
    const claims = (await manager.get('/lead-claims?limit=200')).body;
    const projects = (await manager.get('/projects?overdueNode=true&limit=200&sort=totalInvestment&order=desc')).body;
    for (const [path, title, rows] of [
      ['/print/leads?scope=region&idle=true', '闲置线索清单', idle.items.length],
      ['/print/lead-claims', '撞单申请清单', claims.items.length],
      ['/print/projects?overdueNode=true', '节点逾期项目清单', projects.items.length],
    ]) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`${BASE}${path}`);
      await page.getByTestId('print-title').waitFor();
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.getByTestId('print-title').innerText(), title);
      assert.equal(await page.locator('table.print-table tbody tr[data-testid="print-row"]').count(), rows, `${path}: rows`);
      const width = await page.evaluate(() => Math.ceil(document.querySelector('table.print-table').getBoundingClientRect().width - 0.5));
      assert.ok(width <= CONTENT_WIDTH, `${path}: table ${width}px ≤ ${CONTENT_WIDTH}px`);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
