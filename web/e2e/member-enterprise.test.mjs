// A member on a 390×844 phone meets a company the directory does not have yet: adds it with its
// first contact person from the log form (a wrong credit code is said beside that field, a name
// that exists already offers the existing enterprise) and logs the visit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journey, PHONE, shot, uscc } from './helpers.mjs';

const MEMBER = ['liuhongmei', 'Member@2022'];
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

describe('member on a phone: a new enterprise and its contact from 记录对接', () => {
  const j = journey({ account: MEMBER, landing: '/today', device: PHONE });

  it('offers the enterprise that already exists (409) and takes it', async () => {
    await j.page.locator('.tabbar').getByRole('link', { name: '记录' }).click();
    await j.page.waitForURL('**/interactions/new');
    await j.page.getByTestId('add-enterprise').click();
    const dialog = j.page.getByRole('dialog', { name: '新增企业' });
    await dialog.getByLabel('企业名称').fill('梅花生物科技集团股份有限公司');
    await dialog.getByTestId('new-enterprise-save').click();
    await dialog.getByTestId('enterprise-duplicate').getByText('企业已存在（名称相同）：梅花生物科技集团股份有限公司').waitFor();
    await dialog.getByTestId('use-existing-enterprise').click();
    await dialog.waitFor({ state: 'detached' });
    await j.page.locator('.ant-form-item', { has: j.page.getByLabel('对接企业') }).getByText('梅花生物科技集团股份有限公司').waitFor();
  });

  it('adds a new enterprise with its contact when the search finds nothing, then logs the visit once', async () => {
    const name = `通辽蒙源新材料科技有限公司${RUN}`;
    // Digits only: a base-36 run tag may hold I, O, S, V or Z, which no credit code contains.
    const code = uscc(`91150502MA0${String(Date.now()).slice(-6)}`);
    await j.page.getByLabel('对接企业').fill(name);
    // The search is fuzzy (similar names may be listed): 新增企业 sits under the results.
    const create = j.page.getByTestId('enterprise-create');
    await create.getByText(`新增企业「${name}」`).waitFor();
    await shot(j.page, 'member-enterprise-search');
    await create.click();

    const dialog = j.page.getByRole('dialog', { name: '新增企业' });
    assert.equal(await dialog.getByLabel('企业名称').inputValue(), name, 'the typed name is carried over');
    // A credit code with a wrong check character: the API's message stands beside the field.
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    await dialog.getByLabel('统一社会信用代码').fill(wrong.toLowerCase());
    await dialog.getByLabel('产业链', { exact: true }).fill('硅砂');
    await j.page.locator('.ant-select-item-option', { hasText: '硅砂新材料' }).click();
    await dialog.getByLabel('联系人姓名').fill('赵振华');
    await dialog.getByLabel('职务').fill('副总经理');
    await dialog.getByLabel('手机').fill('13947512345');
    const before = (await j.api.get(`/enterprises?q=${encodeURIComponent(name)}`)).body.items.length;
    await dialog.getByTestId('new-enterprise-save').click();
    const codeItem = dialog.locator('.ant-form-item', { has: j.page.getByLabel('统一社会信用代码') });
    await codeItem.getByText(/校验位应为/).waitFor();
    await shot(j.page, 'member-enterprise-uscc-error');
    assert.equal((await j.api.get(`/enterprises?q=${encodeURIComponent(name)}`)).body.items.length, before, 'nothing was written');

    await dialog.getByLabel('统一社会信用代码').fill(code);
    await dialog.getByTestId('new-enterprise-save').dblclick();
    await dialog.waitFor({ state: 'detached' });
    const found = (await j.api.get(`/enterprises?q=${encodeURIComponent(name)}`)).body.items;
    assert.equal(found.length, 1, 'a double-click adds one enterprise');
    assert.equal(found[0].creditCode, code);
    const contacts = (await j.api.get(`/enterprises/${found[0].id}/contacts`)).body;
    assert.deepEqual(contacts.map((c) => [c.name, c.title, c.mobile]), [['赵振华', '副总经理', '13947512345']]);

    // The form carries on with the new enterprise and its contact chosen.
    await j.page.locator('.ant-form-item', { has: j.page.getByLabel('对接企业') }).getByText(name).waitFor();
    await j.page.locator('.ant-form-item', { has: j.page.getByLabel('对接的企业联系人') }).getByText('赵振华（副总经理）').waitFor();
    const summary = `首次拜访${name}，了解高纯石英砂项目选址需求`;
    await j.page.getByLabel('对接情况').fill(summary);
    await j.page.getByTestId('save-interaction').click();
    await j.page.waitForURL('**/today');
    const logged = (await j.api.get(`/interactions?enterpriseId=${found[0].id}`)).body.items;
    assert.equal(logged.length, 1);
    assert.equal(logged[0].summary, summary);
    assert.deepEqual(logged[0].contacts.map((c) => c.name), ['赵振华']);

    // The enterprise's page has the contact and the visit.
    await j.page.goto(j.page.url().replace(/\/today$/, `/enterprises/${found[0].id}`));
    await j.page.getByTestId('enterprise-name').getByText(name).waitFor();
    await j.page.getByTestId('enterprise-interactions').getByText(summary).waitFor();
    await j.page.getByText('赵振华（副总经理）').waitFor();

    // 编辑: the headquarters added afterwards.
    await j.page.getByTestId('edit-enterprise').click();
    const edit = j.page.getByRole('dialog', { name: '编辑企业' });
    assert.equal(await edit.getByLabel('企业名称').inputValue(), name);
    await edit.getByLabel('总部省份').fill('内蒙古自治区');
    await edit.getByLabel('总部城市').fill('通辽市');
    await edit.getByTestId('new-enterprise-save').click();
    await edit.waitFor({ state: 'detached' });
    await j.page.getByText('内蒙古自治区 通辽市').waitFor();
    assert.equal((await j.api.get(`/enterprises/${found[0].id}`)).body.hqProvince, '内蒙古自治区');
    await shot(j.page, 'member-new-enterprise', true);
  });
});
