// A member in a factory car park: logs a visit on a 390×844 phone and finds the follow-up on 今日.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, beijingToday, launch, newPage, PHONE, shot, signIn } from './helpers.mjs';

const MEMBER = ['liuhongmei', 'Member@2022'];
const ENTERPRISE = '梅花生物科技集团股份有限公司';

describe('member on a phone: 记录对接 → 今日', () => {
  let browser;
  let page;
  let api;
  let enterpriseId;
  const mine = async () => (await api.get(`/interactions?authorId=${api.user.id}&enterpriseId=${enterpriseId}&limit=200`)).body.items;

  before(async () => {
    browser = await launch();
    page = await newPage(browser, PHONE);
    api = await apiAs(...MEMBER);
    enterpriseId = (await api.get(`/enterprises?q=${encodeURIComponent('梅花生物')}&limit=1`)).body.items[0].id;
    await signIn(page, ...MEMBER, '/today');
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], 'no script errors on the page');
    await browser?.close();
  });

  /** Opens 记录对接 from the bottom bar and fills the form; the follow-up is due today. */
  async function fillVisit(summary) {
    await page.locator('.tabbar').getByRole('link', { name: '记录' }).click();
    await page.waitForURL('**/interactions/new');
    // Enterprise search as you type.
    await page.getByLabel('对接企业').fill('梅花');
    await page.locator('.ant-select-item-option', { hasText: ENTERPRISE }).click();
    // The date defaults to today; the member is the default participant.
    const today = beijingToday();
    const [y, m, d] = today.split('-').map(Number);
    assert.equal(await page.getByLabel('对接日期').inputValue(), `${y}年${m}月${d}日`);
    await page.getByLabel('对接的企业联系人').click();
    await page.locator('.ant-select-item-option', { hasText: '杨宏亮' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('地点').fill('梅花生物通辽基地');
    await page.getByLabel('对接情况').fill(summary);
    await page.getByLabel('下次跟进日期').click();
    await page.locator('.ant-picker-dropdown:visible').getByText('今天').click();
    assert.equal(await page.getByLabel('下次跟进日期').inputValue(), `${y}年${m}月${d}日`);
  }

  it('shows the field error the API names next to that field, keeping what was typed', async () => {
    await fillVisit('核对淀粉糖扩产用地（字段错误）');
    await page.route('**/api/v1/interactions', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, code: 'VALIDATION_FAILED', message: '请求参数不合法', details: [{ field: 'summary', message: '对接情况不能超过5000个字符' }] }) })
        : route.fallback(),
      { times: 1 },
    );
    const before = (await mine()).length;
    await page.getByTestId('save-interaction').click();
    const summaryItem = page.locator('.ant-form-item', { has: page.getByLabel('对接情况') });
    await summaryItem.getByText('对接情况不能超过5000个字符').waitFor();
    assert.equal(await page.getByLabel('对接情况').inputValue(), '核对淀粉糖扩产用地（字段错误）');
    assert.equal((await mine()).length, before, 'nothing was written');
    await shot(page, 'member-field-error');
  });

  it('refreshes silently when the access token has lapsed, and saves once', async () => {
    await page.getByLabel('对接情况').fill('核对淀粉糖扩产用地，令牌过期后静默刷新');
    // The first save answers 401 as if the access token had expired; the refresh is real.
    await page.route('**/api/v1/interactions', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 401, contentType: 'application/json', body: '{"statusCode":401,"code":"UNAUTHENTICATED","message":"请先登录"}' }) : route.fallback(),
      { times: 1 },
    );
    const before = (await mine()).length;
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
    await page.getByTestId('save-interaction').click();
    await refreshed;
    await page.waitForURL('**/today');
    assert.equal((await mine()).length, before + 1);
  });

  it('asks to sign in again over the form when the session is gone, then saves what was typed', async () => {
    const summary = '走访梅花生物，洽谈淀粉糖二期扩产用地和蒸汽配套';
    await fillVisit(summary);
    // The session ended while the form was open: the save and the refresh both answer 401.
    const unauthenticated = (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"statusCode":401,"code":"UNAUTHENTICATED","message":"请先登录"}' });
    await page.route('**/api/v1/interactions', (route) => (route.request().method() === 'POST' ? unauthenticated(route) : route.fallback()), { times: 1 });
    await page.route('**/api/v1/auth/refresh', unauthenticated, { times: 1 });
    const before = (await mine()).length;
    await page.getByTestId('save-interaction').click();
    const dialog = page.getByRole('dialog', { name: '登录已过期，请重新登录' });
    await dialog.getByLabel('密码').waitFor();
    await page.waitForTimeout(400); // the dialog's entry animation, for the screenshot
    await shot(page, 'member-sign-in-again');
    assert.equal(await page.getByLabel('对接情况').inputValue(), summary, 'the form is still there under the dialog');
    await dialog.getByLabel('密码').fill(MEMBER[1]);
    await dialog.getByRole('button', { name: '登录并继续' }).click();
    await page.waitForURL('**/today');
    const after = await mine();
    assert.equal(after.length, before + 1, 'one record');
    assert.equal(after.filter((i) => i.summary === summary).length, 1);
  });

  it('keeps the form and says so when the network is lost while saving', async () => {
    const summary = '走访梅花生物（保存时断网）';
    await fillVisit(summary);
    const before = (await mine()).length;
    await page.context().setOffline(true);
    await page.getByTestId('save-interaction').click();
    await page.getByTestId('form-error').getByText('网络连接失败，请检查网络后重试（已填写的内容仍保留）').waitFor();
    await shot(page, 'member-offline');
    await page.context().setOffline(false);
    assert.equal(await page.getByLabel('对接情况').inputValue(), summary);
    assert.equal((await mine()).length, before, 'nothing was written');
    await page.getByTestId('save-interaction').click();
    await page.waitForURL('**/today');
    assert.equal((await mine()).length, before + 1);
  });

  it('writes one record when the answer to a save is lost and the member saves again', async () => {
    const summary = '走访梅花生物（已保存但回执丢失）';
    await fillVisit(summary);
    const before = (await mine()).length;
    // The save reaches the service and is written; its answer never reaches the phone.
    await page.route('**/api/v1/interactions', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fetch();
      await route.abort('connectionreset');
    }, { times: 1 });
    await page.getByTestId('save-interaction').click();
    await page.getByTestId('form-error').waitFor();
    assert.equal((await mine()).length, before + 1, 'the first save was written');
    await page.getByTestId('save-interaction').click();
    await page.waitForURL('**/today');
    const after = await mine();
    assert.equal(after.length, before + 1, 'the retry replays the first answer (Idempotency-Key) instead of writing again');
    assert.equal(after.filter((i) => i.summary === summary).length, 1);
  });

  it('creates one record on a double-click of 保存, and 今日 lists the follow-up due today', async () => {
    const summary = '回访梅花生物，确认考察行程（双击保存）';
    await fillVisit(summary);
    const before = (await mine()).length;
    await page.getByTestId('save-interaction').dblclick();
    await page.waitForURL('**/today');
    const after = await mine();
    assert.equal(after.length, before + 1, 'a double-click writes one record');
    const created = after.find((i) => i.summary === summary);
    assert.equal(created.nextFollowUpAt.length > 0, true);
    assert.deepEqual(created.participants.map((p) => p.id), [api.user.id]);
    assert.equal(created.contacts.length, 1);

    // A new contact with the enterprise completes its earlier follow-ups: one is left, the newest.
    const listed = page.getByTestId('follow-ups').getByTestId('follow-up').filter({ hasText: ENTERPRISE });
    await listed.first().waitFor();
    await shot(page, 'member-today');
    assert.equal(await listed.count(), 1);
    assert.match(await listed.innerText(), /回访梅花生物，确认考察行程/);
    await page.getByText(/今日到期 \d+/).waitFor();
  });
});
