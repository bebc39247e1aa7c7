// 载体与推介项目库: a member finds the demo's parks, parcels and promoted projects and filters them;
// an admin adds a parcel in 通辽经济技术开发区 through the dialog and links a lead to it on the
// lead's page (关联载体); the parcel turns 洽谈中 in the list.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { apiAs, LAPTOP, launch, newPage, shot, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const MEMBER = ['liuhongmei', 'Member@2022'];

/**
 * Picks `text` in the dialog's select labelled `label` (typed into its search, then clicked in the
 * dropdown's `option` elements), until the field shows it: a list that filters as one types may
 * re-render under the click.
 */
async function pick(page, dialog, label, text, option) {
  const item = dialog.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  for (let i = 0; i < 4 && !(await item.innerText()).includes(text); i++) {
    await dialog.getByLabel(label, { exact: true }).click();
    await dialog.getByLabel(label, { exact: true }).fill(text.slice(0, 6));
    await page.waitForTimeout(300);
    await page.locator(`.ant-select-dropdown:visible ${option}`, { hasText: text }).first().click();
    await page.waitForTimeout(300);
  }
  assert.match(await item.innerText(), new RegExp(text), `${label}: ${text} picked`);
}

describe('载体与推介项目', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('a member reads the catalogue, filters it and sees the promoted projects, without write buttons', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...MEMBER, '/today');
    await page.locator('.side-nav').getByRole('link', { name: '载体与推介' }).click();
    await page.waitForURL('**/carriers');
    await page.locator('[data-testid="carrier-row"][data-name="通辽经济技术开发区"]').waitFor();
    await page.locator('[data-testid="carrier-row"][data-name="霍林郭勒工业园区"]').waitFor();
    assert.equal(await page.getByRole('button', { name: '新增载体' }).count(), 0, 'a member only reads');

    await page.getByLabel('类型').click();
    await page.locator('.ant-select-item-option', { hasText: '标准化厂房' }).click();
    await page.locator('[data-testid="carrier-row"][data-name="开发区中小企业创业园 3 号标准化厂房"]').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="carrier-row"]')].every((r) => /厂房/.test(r.getAttribute('data-name') ?? '')));
    await shot(page, 'carriers-member-factories');

    // The 招商推介会 file for what the page shows (all regions and chains here).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出推介资料' }).click()]);
    assert.equal(download.suggestedFilename(), '招商推介载体与项目.xlsx', 'the name the service gives');
    const file = await download.path();
    assert.ok(file && statSync(file).size > 5000, 'a workbook arrived');

    await page.getByRole('tab', { name: '推介项目' }).click();
    await page.locator('[data-testid="promoted-row"][data-name="高性能铝合金板带箔项目"]').waitFor();
    await page.waitForTimeout(500); // the tab's fade-in, for the picture
    await shot(page, 'carriers-promoted-projects');
    assert.deepEqual(page.errors, [], 'no script errors on the page');
  });

  it('an admin adds a parcel in a park; a lead naming it shows it, and the parcel turns 洽谈中', async () => {
    const page = await newPage(browser, LAPTOP);
    const admin = await apiAs(...ADMIN);
    const member = await apiAs(...MEMBER);
    const name = `开发区 E2E-${Date.now() % 100000} 地块`;
    await signIn(page, ...ADMIN, '/pipeline');
    await page.goto(`${new URL(page.url()).origin}/carriers`);
    await page.locator('[data-testid="carrier-row"]').first().waitFor();
    await page.getByRole('button', { name: '新增载体' }).click();
    const dialog = page.getByRole('dialog', { name: '新增载体' });
    await dialog.getByLabel('名称').fill(name);
    await pick(page, dialog, '所在区域', '科尔沁区', '.ant-select-tree-node-content-wrapper');
    await pick(page, dialog, '所在园区', '通辽经济技术开发区', '.ant-select-item-option');
    await dialog.getByLabel('面积', { exact: true }).fill('88.5');
    await dialog.getByLabel('价格', { exact: true }).fill('16.8');
    await dialog.getByLabel('配套条件').fill('工业用地，七通一平');
    await shot(page, 'carriers-admin-dialog');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`[data-testid="carrier-row"][data-name="${name}"]`);
    await row.waitFor();
    await row.getByText('88.5 亩').first().waitFor();
    await row.getByText('可用').waitFor();

    const created = (await admin.get(`/carriers?q=${encodeURIComponent(name)}`)).body.items;
    assert.equal(created.length, 1);
    assert.equal(created[0].parent.name, '通辽经济技术开发区');
    assert.equal(created[0].regionUnit.name, '科尔沁区');
    assert.equal(created[0].price, '16.8');
    assert.equal(created[0].priceUnit, 'wan_yuan_per_mu');

    // The member's lead; the admin links it to the parcel on the lead's page (关联载体).
    const enterprise = (await member.post('/enterprises', { name: `通辽载体演示${Date.now() % 100000}有限公司` })).body;
    const chain = (await member.get('/industry-chains?limit=1')).body.items[0];
    const lead = await member.post('/leads', { title: `E2E 载体线索 ${Date.now() % 100000}`, enterpriseId: enterprise.id, industryChainId: chain.id, intendedAmount: '30000', source: 'door_to_door' });
    assert.equal(lead.status, 201, JSON.stringify(lead.body));
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/leads/${lead.body.id}`);
    await page.getByTestId('lead-links').click();
    const links = page.getByRole('dialog', { name: '关联载体与推介项目' });
    await pick(page, links, '载体', name, '.ant-select-item-option');
    await links.getByRole('button', { name: /保\s*存/ }).click();
    await links.waitFor({ state: 'detached' });
    await page.getByTestId('lead-carrier').getByText(name).waitFor();
    await shot(page, 'carriers-lead-detail');
    assert.equal((await member.get(`/leads/${lead.body.id}`)).body.carrier.id, created[0].id);

    await page.goto(`${origin}/carriers`);
    await row.getByText('洽谈中').waitFor();
    await shot(page, 'carriers-admin-list');
    assert.deepEqual(page.errors, [], 'no script errors on the page');
  });
});
