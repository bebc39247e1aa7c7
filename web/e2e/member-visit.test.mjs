// A member in a factory car park: logs a visit on a 390×844 phone and finds the follow-up on 今日.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beijingToday, journey, PHONE, shot } from './helpers.mjs';

const MEMBER = ['liuhongmei', 'Member@2022'];
const ENTERPRISE = '梅花生物科技集团股份有限公司';

describe('member on a phone: 记录对接 → 今日', () => {
  let enterpriseId;
  const j = journey({
    account: MEMBER,
    landing: '/today',
    device: PHONE,
    beforeSignIn: async () => {
      enterpriseId = (await j.api.get(`/enterprises?q=${encodeURIComponent('梅花生物')}&limit=1`)).body.items[0].id;
    },
  });
  const mine = async () => (await j.api.get(`/interactions?authorId=${j.api.user.id}&enterpriseId=${enterpriseId}&limit=200`)).body.items;

  /** Opens 记录对接 from the bottom bar and fills the form; the follow-up is due today. */
  async function fillVisit(summary) {
    await j.page.locator('.tabbar').getByRole('link', { name: '记录' }).click();
    await j.page.waitForURL('**/interactions/new');
    // Enterprise search as you type.
    await j.page.getByLabel('对接企业').fill('梅花');
    await j.page.locator('.ant-select-item-option', { hasText: ENTERPRISE }).click();
    // The date defaults to today; the member is the default participant.
    const today = beijingToday();
    const [y, m, d] = today.split('-').map(Number);
    assert.equal(await j.page.getByLabel('对接日期').inputValue(), `${y}年${m}月${d}日`);
    await j.page.getByLabel('对接的企业联系人').click();
    await j.page.locator('.ant-select-item-option', { hasText: '杨宏亮' }).click();
    await j.page.keyboard.press('Escape');
    await j.page.getByLabel('地点').fill('梅花生物通辽基地');
    await j.page.getByLabel('对接情况').fill(summary);
    await j.page.getByLabel('下次跟进日期').click();
    await j.page.locator('.ant-picker-dropdown:visible').getByText('今天').click();
    assert.equal(await j.page.getByLabel('下次跟进日期').inputValue(), `${y}年${m}月${d}日`);
  }

  it('shows the field error the API names next to that field, keeping what was typed', async () => {
    await fillVisit('核对淀粉糖扩产用地（字段错误）');
    await j.page.route('**/api/v1/interactions', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, code: 'VALIDATION_FAILED', message: '请求参数不合法', details: [{ field: 'summary', message: '对接情况不能超过5000个字符' }] }) })
        : route.fallback(),
      { times: 1 },
    );
    const before = (await mine()).length;
    await j.page.getByTestId('save-interaction').click();
    const summaryItem = j.page.locator('.ant-form-item', { has: j.page.getByLabel('对接情况') });
    await summaryItem.getByText('对接情况不能超过5000个字符').waitFor();
    assert.equal(await j.page.getByLabel('对接情况').inputValue(), '核对淀粉糖扩产用地（字段错误）');
    assert.equal((await mine()).length, before, 'nothing was written');
    await shot(j.page, 'member-field-error');
  });

  it('refreshes silently when the access token has lapsed, and saves once', async () => {
    await j.page.getByLabel('对接情况').fill('核对淀粉糖扩产用地，令牌过期后静默刷新');
    // The first save answers 401 as if the access token had expired; the refresh is real.
    await j.page.route('**/api/v1/interactions', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 401, contentType: 'application/json', body: '{"statusCode":401,"code":"UNAUTHENTICATED","message":"请先登录"}' }) : route.fallback(),
      { times: 1 },
    );
    const before = (await mine()).length;
    const refreshed = j.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
    await j.page.getByTestId('save-interaction').click();
    await refreshed;
    await j.page.waitForURL('**/today');
    assert.equal((await mine()).length, before + 1);
  });

  it('asks to sign in again over the form when the session is gone, then saves what was typed', async () => {
    const summary = '走访梅花生物，洽谈淀粉糖二期扩产用地和蒸汽配套';
    await fillVisit(summary);
    // The session ended while the form was open: the save and the refresh both answer 401.
    const unauthenticated = (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"statusCode":401,"code":"UNAUTHENTICATED","message":"请先登录"}' });
    await j.page.route('**/api/v1/interactions', (route) => (route.request().method() === 'POST' ? unauthenticated(route) : route.fallback()), { times: 1 });
    await j.page.route('**/api/v1/auth/refresh', unauthenticated, { times: 1 });
    const before = (await mine()).length;
    await j.page.getByTestId('save-interaction').click();
    const dialog = j.page.getByRole('dialog', { name: '登录已过期，请重新登录' });
    await dialog.getByLabel('密码').waitFor();
    await j.page.waitForTimeout(400); // the dialog's entry animation, for the screenshot
    await shot(j.page, 'member-sign-in-again');
    assert.equal(await j.page.getByLabel('对接情况').inputValue(), summary, 'the form is still there under the dialog');
    await dialog.getByLabel('密码').fill(MEMBER[1]);
    await dialog.getByRole('button', { name: '登录并继续' }).click();
    await j.page.waitForURL('**/today');
    const after = await mine();
    assert.equal(after.length, before + 1, 'one record');
    assert.equal(after.filter((i) => i.summary === summary).length, 1);
  });

  it('keeps the form and says so when the network is lost while saving', async () => {
    const summary = '走访梅花生物（保存时断网）';
    await fillVisit(summary);
    const before = (await mine()).length;
    await j.page.context().setOffline(true);
    await j.page.getByTestId('save-interaction').click();
    await j.page.getByTestId('form-error').getByText('网络连接失败，请检查网络后重试（已填写的内容仍保留）').waitFor();
    await shot(j.page, 'member-offline');
    await j.page.context().setOffline(false);
    assert.equal(await j.page.getByLabel('对接情况').inputValue(), summary);
    assert.equal((await mine()).length, before, 'nothing was written');
    await j.page.getByTestId('save-interaction').click();
    await j.page.waitForURL('**/today');
    assert.equal((await mine()).length, before + 1);
  });

  it('writes one record when the answer to a save is lost and the member saves again', async () => {
    const summary = '走访梅花生物（已保存但回执丢失）';
    await fillVisit(summary);
    const before = (await mine()).length;
    // The save reaches the service and is written; its answer never reaches the phone.
    await j.page.route('**/api/v1/interactions', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await route.fetch();
      await route.abort('connectionreset');
    }, { times: 1 });
    await j.page.getByTestId('save-interaction').click();
    await j.page.getByTestId('form-error').waitFor();
    assert.equal((await mine()).length, before + 1, 'the first save was written');
    await j.page.getByTestId('save-interaction').click();
    await j.page.waitForURL('**/today');
    const after = await mine();
    assert.equal(after.length, before + 1, 'the retry replays the first answer (Idempotency-Key) instead of writing again');
    assert.equal(after.filter((i) => i.summary === summary).length, 1);
  });

  it('creates one record on a double-click of 保存, and 今日 lists the follow-up due today', async () => {
    const summary = '回访梅花生物，确认考察行程（双击保存）';
    await fillVisit(summary);
    const before = (await mine()).length;
    await j.page.getByTestId('save-interaction').dblclick();
    await j.page.waitForURL('**/today');
    const after = await mine();
    assert.equal(after.length, before + 1, 'a double-click writes one record');
    const created = after.find((i) => i.summary === summary);
    assert.equal(created.nextFollowUpAt.length > 0, true);
    assert.deepEqual(created.participants.map((p) => p.id), [j.api.user.id]);
    assert.equal(created.contacts.length, 1);

    // A new contact with the enterprise completes its earlier follow-ups: one is left, the newest.
    const listed = j.page.getByTestId('follow-ups').getByTestId('follow-up').filter({ hasText: ENTERPRISE });
    await listed.first().waitFor();
    await shot(j.page, 'member-today');
    assert.equal(await listed.count(), 1);
    assert.match(await listed.innerText(), /回访梅花生物，确认考察行程/);
    await j.page.getByText(/今日到期 \d+/).waitFor();
  });
});
