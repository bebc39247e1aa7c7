// Layout where people meet it (issue 17): the board on a 1440×900 laptop, and on a phone the
// first error of an empty form, the registry as cards, the 移到… target and a credit-code error
// that goes once the save succeeds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, LAPTOP, launch, newPage, PHONE, shot, signIn, uscc } from './helpers.mjs';

const MANAGER = ['manager-city', 'Manager@2022'];
const MEMBER = ['lijing', 'Member@2022'];
const STAGES = ['线索', '初步接洽', '考察对接', '实质性洽谈', '已签约', '搁置', '终止'];

const box = (locator) => locator.boundingBox().then((b) => (assert.ok(b, 'the element is laid out'), b));

describe('layout: the laptop board and the phone', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('shows all seven columns of the board at 1440×900, with its scroll area inside the window', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...MANAGER, '/pipeline');
    await page.getByTestId('lead-card').first().waitFor();
    for (const label of STAGES) {
      const head = page.getByTestId('board').locator(`section[aria-label="${label}"] .board-column-head`);
      assert.match(await head.textContent(), new RegExp(`^${label}`));
      const b = await box(head);
      assert.ok(b.x >= 0 && b.x + b.width <= 1440, `${label}'s header is within the window's width (${b.x}–${b.x + b.width})`);
      assert.ok(b.y >= 0 && b.y + b.height <= 900, `${label}'s header is above the fold`);
    }
    const board = await box(page.getByTestId('board'));
    assert.ok(board.y + board.height <= 900, `the board, and its horizontal scroll bar, ends inside the window (at ${board.y + board.height} px)`);
    assert.equal(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth), true, 'the page itself does not scroll sideways');
    await shot(page, 'layout-board-1440');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  it('gives the phone\'s 移到… menu a finger-sized target (≥ 44 × 44 px), and shows 指标任务 as cards', async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, ...MANAGER, '/pipeline');
    const select = page.getByTestId('lead-card').first().getByLabel('移到');
    await select.waitFor();
    const b = await box(select);
    assert.ok(b.width >= 44 && b.height >= 44, `移到… is ${b.width}×${b.height} px`);
    await shot(page, 'layout-board-phone');

    // 指标任务 on the same phone: its progress as cards too.
    await page.locator('.tabbar').getByRole('link', { name: '更多' }).click();
    await page.getByRole('link', { name: '指标任务' }).click();
    const rows = page.getByTestId('progress-row');
    await rows.first().waitFor();
    assert.equal(await rows.first().evaluate((e) => e.tagName), 'LI', 'cards, not table rows');
    assert.equal(await page.getByTestId('progress-panel').locator('.ant-table').count(), 0, 'no table on the phone');
    assert.equal(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth), true, 'the page does not scroll sideways');
    await shot(page, 'layout-phone-targets');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  describe('a member on a phone', () => {
    let page;
    let api;
    before(async () => {
      page = await newPage(browser, PHONE);
      api = await apiAs(...MEMBER);
      await signIn(page, ...MEMBER, '/today');
    });
    after(async () => {
      assert.deepEqual(page?.errors ?? [], [], 'no script errors on the page');
      await page?.context().close();
    });

    it('scrolls an empty form\'s first error into view below the sticky header', async () => {
      await page.locator('.tabbar').getByRole('link', { name: '记录' }).click();
      await page.waitForURL('**/interactions/new');
      // 保存 at the bottom of the form, the fields above scrolled out of sight.
      const save = page.getByTestId('save-interaction');
      await save.scrollIntoViewIfNeeded();
      await save.click();
      const first = page.locator('.ant-form-item-has-error').first();
      await first.locator('.ant-form-item-explain-error').first().waitFor();
      // The scroll is animated by the browser: wait for the first error to stop moving.
      let last;
      for (let i = 0; i < 20; i++) {
        const b = await box(first);
        if (last && Math.abs(last.y - b.y) < 1) break;
        last = b;
        await page.waitForTimeout(100);
      }
      const header = await box(page.locator('.app-header'));
      const tabbar = await box(page.locator('.tabbar'));
      const field = await box(first);
      assert.ok(field.y >= header.y + header.height, `the first error (top ${field.y}) is below the header (bottom ${header.y + header.height})`);
      assert.ok(field.y + field.height <= tabbar.y, `and above the tab bar (${field.y + field.height} ≤ ${tabbar.y})`);
      await first.getByText('对接企业', { exact: true }).waitFor();
      await shot(page, 'layout-phone-first-error');
    });

    it('shows 项目库 as cards, nothing scrolling sideways', async () => {
      await page.goto(page.url().replace(/\/interactions\/new$/, '/projects'));
      const cards = page.getByTestId('project-row');
      await cards.first().waitFor();
      const expected = (await api.get('/projects?limit=50&sort=updatedAt&order=desc')).body.items.map((p) => p.name);
      assert.deepEqual(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))), expected, 'a card per project, in the list\'s order');
      assert.equal(await cards.first().evaluate((e) => e.tagName), 'LI', 'cards, not table rows');
      assert.equal(await page.locator('.ant-table').count(), 0, 'no table on the phone');
      const first = await box(cards.first());
      assert.ok(first.x >= 0 && first.x + first.width <= 390, 'a card fits the screen');
      await cards.first().getByText('总投资').waitFor();
      assert.equal(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth), true, 'the page does not scroll sideways');
      await shot(page, 'layout-phone-projects');
    });

    it('takes a credit-code error away once the enterprise is saved', async () => {
      await page.goto(page.url().replace(/\/projects$/, '/interactions/new'));
      await page.getByTestId('add-enterprise').click();
      const dialog = page.getByRole('dialog', { name: '新增企业' });
      const stamp = String(Date.now()).slice(-6);
      const name = `通辽无障碍测试材料有限公司${stamp}`;
      const code = uscc(`91150502MA1${stamp}`);
      const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      await dialog.getByLabel('企业名称').fill(name);
      await dialog.getByLabel('统一社会信用代码').fill(wrong);
      await dialog.getByLabel('联系人姓名').fill('孙晓梅');
      // A landline the API refuses: the enterprise is saved, its contact is not, the dialog stays.
      await dialog.getByLabel('座机').fill('12');
      const codeItem = dialog.locator('.ant-form-item', { has: page.getByLabel('统一社会信用代码') });
      const landlineItem = dialog.locator('.ant-form-item', { has: page.getByLabel('座机') });
      await dialog.getByTestId('new-enterprise-save').click();
      await codeItem.locator('.ant-form-item-explain-error').waitFor();

      await dialog.getByLabel('统一社会信用代码').fill(code);
      await dialog.getByTestId('new-enterprise-save').click();
      await landlineItem.locator('.ant-form-item-explain-error').waitFor();
      await dialog.getByText(`企业「${name}」已保存`).waitFor();
      // antd fades an error out (a motion of a few hundred ms, longer on a busy machine): wait for it to leave.
      await codeItem.locator('.ant-form-item-explain-error').waitFor({ state: 'detached', timeout: 5000 });
      assert.equal(await codeItem.locator('.ant-form-item-explain-error').count(), 0, 'the credit code saved: its error is gone');
      const saved = (await api.get(`/enterprises?q=${encodeURIComponent(name)}`)).body.items;
      assert.deepEqual(saved.map((e) => e.creditCode), [code]);
      await shot(page, 'layout-phone-credit-code-cleared');

      await dialog.getByLabel('座机').fill('0475-8231234');
      await dialog.getByTestId('new-enterprise-save').click();
      await dialog.waitFor({ state: 'detached' });
      const contacts = (await api.get(`/enterprises/${saved[0].id}/contacts`)).body;
      assert.deepEqual(contacts.map((c) => [c.name, c.landline]), [['孙晓梅', '0475-8231234']]);
    });
  });
});
