// Issue 17's first two blockers, as a user meets them in a fresh browser:
// - a wrong password shows the service's own message (用户名或密码错误), not 「服务暂时不可用（401）」,
//   which made people think the server was down;
// - every date picker is Chinese from the first page on (months, weekdays, weeks from Monday),
//   not only once 记录对接 has been opened.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, LAPTOP, launch, newPage, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];

describe('sign-in errors and the Chinese calendar', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('says 用户名或密码错误 for a wrong password, beside the form', async () => {
    const page = await newPage(browser, LAPTOP);
    await page.goto(`${BASE}/login`);
    // The cursor starts in 用户名: type at once.
    await page.getByLabel('用户名').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), await page.getByLabel('用户名').getAttribute('id'));
    // A name no account has: the same 401 as a wrong password, and no real account is throttled.
    await page.getByLabel('用户名').fill('no-such-user-e2e');
    await page.getByLabel('密码').fill('Wrong@2022x');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /用户名或密码错误/);
    assert.doesNotMatch(text, /服务暂时不可用/);
    assert.ok(page.url().endsWith('/login'), 'still on the sign-in page');
    // The tab's icon: declared, and served (the browser no longer asks for a missing favicon.ico).
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const served = await fetch(new URL(icon, BASE));
    assert.equal(served.status, 200);
    assert.match(served.headers.get('content-type') ?? '', /image\/svg\+xml/);
    assert.deepEqual(page.errors, [], 'no script errors on the page');
    await page.context().close();
  });

  it('shows a Chinese calendar, weeks from Monday, on a page opened first in a fresh session', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...ADMIN, '/pipeline');
    // Straight to 操作日志: 记录对接 (which used to set the calendar's language) is never opened.
    await page.goto(`${BASE}/audit`);
    await page.getByPlaceholder('开始日期').click();
    const panel = page.locator('.ant-picker-dropdown .ant-picker-date-panel').first();
    await panel.waitFor();
    const weekdays = await panel.locator('thead th').allInnerTexts();
    assert.deepEqual(weekdays.map((d) => d.trim()), ['一', '二', '三', '四', '五', '六', '日']);
    const header = await panel.locator('.ant-picker-header-view').innerText();
    assert.match(header, /\d{4}年/);
    assert.match(header, /\d{1,2}月/);
    assert.doesNotMatch(header, /Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec/);
    assert.deepEqual(page.errors, [], 'no script errors on the page');
    await page.context().close();
  });
});
