// Issue 17: one search box for companies, leads and projects (pinyin initials: mh → 梅花), and
// 今日's follow-up actions — 推迟 3天后, 完成跟进 — with the contact a tap away (tel: link).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, beijingToday, LAPTOP, launch, newPage, PHONE, shot, signIn } from './helpers.mjs';

const MEMBER = ['liuhongmei', 'Member@2022'];
const ENTERPRISE = '梅花生物科技集团股份有限公司';

/** YYYY-MM-DD plus n days (calendar arithmetic). */
function addDays(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The Beijing date of an ISO instant. */
const beijingYmd = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));

describe('global search and 今日 follow-up actions', () => {
  let browser;
  let api;
  let enterpriseId;
  before(async () => {
    browser = await launch();
    api = await apiAs(...MEMBER);
    enterpriseId = (await api.get(`/enterprises?q=${encodeURIComponent('梅花生物')}&limit=1`)).body.items[0].id;
  });
  after(async () => {
    await browser?.close();
  });

  it('finds 梅花 by typing "mh" in the header search (opened with /) and opens the company', async () => {
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...MEMBER, '/today');
    await page.getByTestId('follow-ups').waitFor();
    // '/' anywhere outside a field opens the search with the cursor in it.
    await page.keyboard.press('/');
    const input = page.getByTestId('global-search-input');
    await input.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'global-search-input');
    await input.fill('mh');
    // The company's own row (its leads, under 线索, carry its name too).
    const hit = page.getByRole('option', { name: new RegExp(`^${ENTERPRISE}`) });
    await hit.waitFor();
    // Grouped by kind: the company sits under 企业.
    assert.ok(await page.getByRole('group', { name: '企业' }).getByRole('option', { name: new RegExp(`^${ENTERPRISE}`) }).isVisible());
    await shot(page, 'search-mh');
    // The keyboard walks to it and Enter opens it.
    const options = await page.getByRole('option').allInnerTexts();
    const at = options.findIndex((t) => t.includes(ENTERPRISE));
    for (let i = 0; i < at; i++) await input.press('ArrowDown');
    assert.equal(await hit.getAttribute('aria-selected'), 'true');
    await input.press('Enter');
    await page.waitForURL(`**/enterprises/${enterpriseId}`);
    await page.getByText(ENTERPRISE).first().waitFor();
    assert.equal(await page.getByTestId('global-search-input').count(), 0, 'the search closed');
    // Esc closes it again without going anywhere.
    await page.getByTestId('search-trigger').click();
    await page.getByTestId('global-search-input').fill('meihua');
    await page.getByRole('option', { name: new RegExp(`^${ENTERPRISE}`) }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('global-search-input').count(), 0);
    assert.ok(page.url().endsWith(`/enterprises/${enterpriseId}`));
    assert.deepEqual(page.errors, [], 'no script errors on the page');
    await page.context().close();
  });

  it('on a phone: the contact’s tel: link, 推迟 3天后, then 完成跟进', async () => {
    const today = beijingToday();
    const contacts = (await api.get(`/enterprises/${enterpriseId}/contacts`)).body;
    const yang = contacts.find((c) => c.name === '杨宏亮');
    assert.ok(yang?.mobile, 'the demo contact has a mobile');
    const summary = `电话确认淀粉糖项目用地（今日操作 ${Date.now()}）`;
    const logged = await api.post('/interactions', { enterpriseId, type: 'call', occurredAt: today, summary, nextFollowUpAt: today, contactIds: [yang.id] });
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    const id = logged.body.id;

    const page = await newPage(browser, PHONE);
    await signIn(page, ...MEMBER, '/today');
    const item = page.getByTestId('follow-up').filter({ hasText: summary });
    await item.waitFor();
    // Tap to call: a tel: link with the contact's number.
    const tel = item.getByTestId('tel-link');
    assert.equal(await tel.getAttribute('href'), `tel:${yang.mobile}`);
    assert.match(await tel.innerText(), /杨宏亮/);

    await item.getByTestId('postpone-follow-up').click();
    await shot(page, 'today-postpone');
    await item.getByTestId('postpone-3').click();
    await page.getByTestId('follow-up-notice').filter({ hasText: '已推迟到' }).waitFor();
    const moved = (await api.get(`/interactions/${id}`)).body;
    assert.equal(beijingYmd(moved.nextFollowUpAt), addDays(today, 3));
    assert.equal(moved.followUpDoneAt, null);
    // Still listed, now among the coming days.
    await item.waitFor();

    await item.getByTestId('complete-follow-up').click();
    await item.getByTestId('complete-only').click();
    await page.getByTestId('follow-up-notice').filter({ hasText: '已完成跟进' }).waitFor();
    assert.ok((await api.get(`/interactions/${id}`)).body.followUpDoneAt, 'marked done');
    await item.waitFor({ state: 'detached' });
    await shot(page, 'today-done');
    assert.deepEqual(page.errors, [], 'no script errors on the page');
    await page.context().close();
  });
});
