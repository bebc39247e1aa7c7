// 产业链图谱: an admin adds a link to 玉米生物 and places a company on it as a target; a manager
// opens the link and turns the target into a lead in one step (the lead rules apply).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, BASE, LAPTOP, launch, newPage, shot, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const MANAGER = ['manager-city', 'Manager@2022'];
const suffix = String(Date.now()).slice(-6);
const LINK = `生物制药中间体${suffix}`;
const COMPANY = `链图测试${suffix}生物科技有限公司`;

describe('产业链图谱: admin keeps the links, a manager turns a target into a lead', () => {
  let browser;
  let admin;
  let chain;
  let enterpriseId;

  before(async () => {
    browser = await launch();
    admin = await apiAs(...ADMIN);
    chain = (await admin.get('/industry-chains?limit=50')).body.items.find((c) => c.name === '玉米生物');
    const made = await admin.post('/enterprises', { name: COMPANY });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    enterpriseId = made.body.id;
  });
  after(async () => {
    await browser?.close();
  });

  it('admin: the demo chain shows 补链 gaps; adds a link and places a company on it', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...ADMIN, '/pipeline');
    await page.locator('.side-nav').getByRole('link', { name: '产业链图谱' }).click();
    await page.waitForURL('**/chains/map**');
    // The chain by its name in the picker (an earlier journey may have added a chain that sorts first).
    await page.getByRole('combobox', { name: '产业链' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^玉米生物$/ }).click();
    await page.waitForURL(`**/chains/map?chainId=${chain.id}`);
    const upstream = page.getByRole('region', { name: '上游' });
    const gap = upstream.getByTestId('chain-link-card').filter({ hasText: '玉米种植与收储' });
    await gap.getByText('补链', { exact: true }).waitFor();
    const graph = (await admin.get(`/industry-chains/${chain.id}/graph?periodType=year&year=2022`)).body;
    assert.ok(graph.gapCount >= 1, 'the demo chain has a gap');
    await shot(page, 'chain-map-admin');

    const downstream = page.getByRole('region', { name: '下游' });
    await downstream.getByRole('button', { name: '新增链节' }).click();
    const dialog = page.getByRole('dialog', { name: '新增链节' });
    await dialog.getByLabel('链节名称').fill(LINK);
    await dialog.getByLabel('关键产品').fill('氨基酸衍生物、医药级葡萄糖');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = downstream.getByTestId('chain-link-card').filter({ hasText: LINK });
    await card.getByText('补链', { exact: true }).waitFor();
    await card.click();

    const drawer = page.getByTestId('chain-link-drawer');
    await drawer.getByText(`下游 · ${LINK}`).waitFor();
    const place = drawer.getByTestId('place-form');
    await place.getByRole('combobox').first().click();
    await place.getByRole('combobox').first().fill(COMPANY.slice(0, 8));
    await page.locator('.ant-select-item-option', { hasText: COMPANY }).click();
    await place.getByRole('button', { name: '放置企业' }).click();
    await drawer.getByTestId('chain-link-companies').getByText(COMPANY).waitFor();
    await shot(page, 'chain-map-admin-drawer');

    // Editing the link from its drawer: the drawer reads it again.
    await drawer.getByRole('button', { name: '编辑链节' }).click();
    const edit = page.getByRole('dialog', { name: `编辑链节 · ${LINK}` });
    await edit.getByLabel('关键产品').fill('医药级葡萄糖、氨基酸原料药');
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await edit.waitFor({ state: 'detached' });
    await drawer.getByText('关键产品：医药级葡萄糖、氨基酸原料药').waitFor();

    const link = (await admin.get(`/industry-chains/${chain.id}/graph?periodType=year&year=2022`)).body.segments[2].links.find((l) => l.name === LINK);
    assert.deepEqual(link.companies, { local: 0, landed: 0, target: 1 });
    assert.equal(link.isGap, true, 'a link with only a target company is still a gap');
    assert.deepEqual(page.errors, [], 'no script errors on the page');
    await page.context().close();
  });

  it('manager: opens the link, turns the target company into a lead', async () => {
    const page = await newPage(browser, LAPTOP);
    const manager = await apiAs(...MANAGER);
    await signIn(page, ...MANAGER, '/pipeline');
    await page.goto(`${BASE}/chains/map?chainId=${chain.id}`);
    await page.getByRole('region', { name: '下游' }).getByTestId('chain-link-card').filter({ hasText: LINK }).click();
    const drawer = page.getByTestId('chain-link-drawer');
    const row = drawer.getByTestId('chain-link-companies').locator('tr', { hasText: COMPANY });
    await row.getByText('目标企业').waitFor();
    // Managers read the placements; only admins change them.
    assert.equal(await drawer.getByTestId('place-form').count(), 0);
    await row.getByRole('button', { name: '转为线索' }).click();

    const dialog = page.getByRole('dialog', { name: `转为线索 · ${COMPANY}` });
    await dialog.getByLabel('招商队').click();
    await page.locator('.ant-select-item-option', { hasText: '科尔沁区招商一队' }).click();
    await dialog.getByLabel('负责人').click();
    await page.locator('.ant-select-item-option', { hasText: '吴振东' }).click();
    await dialog.getByLabel('意向投资额（万元）').fill('20000');
    await dialog.getByRole('button', { name: '新建线索' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`已新建线索「${COMPANY}·${LINK}」`).waitFor();
    await drawer.getByTestId('chain-link-leads').getByText(`${COMPANY}·${LINK}`).waitFor();
    await shot(page, 'chain-map-manager-lead');

    const leads = (await manager.get(`/leads?q=${encodeURIComponent(COMPANY)}`)).body.items;
    assert.deepEqual(
      leads.map((l) => [l.title, l.industryChain.name, l.team.name, l.owner.name, l.intendedAmount]),
      [[`${COMPANY}·${LINK}`, '玉米生物', '科尔沁区招商一队', '吴振东', '20000']],
    );
    // A second conversion meets the lead rules: the team already holds this company and chain.
    const linkId = (await manager.get(`/industry-chains/${chain.id}/graph?periodType=year&year=2022`)).body.segments[2].links.find((l) => l.name === LINK).id;
    const again = await manager.post(`/chain-links/${linkId}/companies/${enterpriseId}/lead`, { teamId: leads[0].team.id, ownerId: leads[0].owner.id, intendedAmount: '0', source: 'other' });
    assert.equal(again.status, 409);
    assert.deepEqual(page.errors, [], 'no script errors on the page');
    await page.context().close();
  });
});
