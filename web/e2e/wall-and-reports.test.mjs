// Issue 17's screens: the wall screen on one 1920×1080 screen, 本月 of the chosen year, the 三未
// and 三增长 pages, the figures and method behind the ranking scores, and the signing events'
// 网签清单 by amount with 序号.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, beijingToday, journey, shot, WALL } from './helpers.mjs';

const MANAGER = ['manager-city', 'Manager@2022'];
const ADMIN = ['admin-zsj', 'Admin@2022'];


describe('wall screen at 1920×1080', () => {
  const j = journey({ account: MANAGER, landing: '/pipeline', device: WALL });

  /** The value a tile shows, once its title is there. */
  const tileValue = async (title) => {
    const tile = j.page.getByTestId('wall-tile').filter({ has: j.page.locator('.wall-tile-title', { hasText: new RegExp(`^${title}$`) }) });
    await tile.waitFor();
    return (await tile.locator('.wall-tile-value').innerText()).replace(/\s+/g, '');
  };

  it('shows every tile and chart with nothing below the fold and no menu', async () => {
    await j.page.goto(`${BASE}/wall?year=2022`);
    await j.page.getByTestId('wall').waitFor();
    await j.page.waitForFunction(() => document.querySelectorAll('[data-rendered="true"]').length === 6, undefined, { timeout: 20_000 });
    await j.page.getByText('招商引资驾驶舱 · 2022年').waitFor();
    assert.equal(await j.page.locator('.app-sider, .app-header, .tabbar').count(), 0, 'no menu or header');
    const { scrollHeight, lowest, smallest } = await j.page.evaluate(() => {
      const all = [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      });
      const texts = [...document.querySelectorAll('.wall-tile-title, .wall-panel h2, .wall-head h1')];
      return {
        scrollHeight: document.documentElement.scrollHeight,
        lowest: Math.max(...all.map((el) => el.getBoundingClientRect().bottom)),
        smallest: Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize))),
      };
    });
    assert.ok(scrollHeight <= 1080, `document ${scrollHeight} px tall`);
    assert.ok(lowest <= 1080, `an element ends at ${lowest} px`);
    // Readable across a room: no label smaller than 20 px.
    assert.ok(smallest >= 20, `smallest label ${smallest} px`);
    await shot(j.page, 'wall-2022');
  });

  it('shows the tiles of the chosen year’s month: 2022 is past, so its December, with the API’s figures', async () => {
    const { body } = await j.api.get('/dashboard?year=2022');
    assert.equal(body.thisMonth.month, '2022-12');
    const tiles = j.page.getByTestId('wall-tile');
    assert.equal(await tileValue('12月对接企业'), `${body.thisMonth.enterprisesContacted}家`);
    assert.equal(await tileValue('12月走访'), `${body.thisMonth.visits}次`);
    assert.equal(await tileValue('12月新增线索'), `${body.thisMonth.newLeads}个`);
    assert.equal(await tiles.filter({ hasText: '本月' }).count(), 0);
  });

  it('names this month 本月 in this year, and leaves for the dashboard with its year', async () => {
    const today = beijingToday();
    const { body } = await j.api.get(`/dashboard?year=${today.slice(0, 4)}`);
    assert.equal(body.thisMonth.month, today.slice(0, 7));
    await j.page.goto(`${BASE}/wall`);
    assert.equal(await tileValue('本月对接企业'), `${body.thisMonth.enterprisesContacted}家`);
    await j.page.getByRole('link', { name: '退出大屏' }).click();
    await j.page.waitForURL(`**/dashboard?year=${today.slice(0, 4)}`);
  });
});

describe('三未, 三增长, rankings and signing events on a laptop', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline' });

  it('三未清单: reached from the menu, each list as the API counts it, a 旗县区 breakdown, rows linking to projects', async () => {
    const { body } = await j.api.get('/registry/three-un?limit=2000');
    await j.page.goto(`${BASE}/pipeline`);
    await j.page.getByRole('link', { name: '三未清单' }).click();
    await j.page.waitForURL('**/three-un');
    for (const key of ['notStarted', 'startedNotBuilding', 'notCompleted']) {
      const card = j.page.getByTestId(`three-un-${key}`);
      await card.getByText(`（${body[key].count} 个）`, { exact: false }).waitFor();
      if (body[key].count) await card.getByTestId('three-un-row').first().waitFor();
    }
    const total = body.notStarted.count + body.startedNotBuilding.count + body.notCompleted.count;
    assert.ok(total > 0, 'the demo has late projects on purpose');
    assert.ok((await j.page.getByTestId('county-row').count()) > 0);
    // Excel: every project of the three lists, under the service's Chinese name.
    const [download] = await Promise.all([j.page.waitForEvent('download'), j.page.getByTestId('xlsx-download').click()]);
    assert.match(download.suggestedFilename(), /在建项目“三未”清单-\d{4}-\d{2}-\d{2}\.xlsx/);
    // A project opens its page.
    const first = [body.notStarted, body.startedNotBuilding, body.notCompleted].find((l) => l.count).items[0];
    await j.page.getByTestId('three-un-row').getByRole('link', { name: first.name }).first().click();
    await j.page.waitForURL(`**/projects/${first.id}`);
    // The signed-project 三未 lists.
    await j.page.goto(`${BASE}/three-un?kind=signed`);
    const signed = await j.api.get('/registry/unfulfilled?limit=2000');
    await j.page.getByTestId('three-un-unregistered').getByText(`（${signed.body.unregistered.count} 个）`, { exact: false }).waitFor();
    await j.page.getByTestId('xlsx-download').waitFor();
    await shot(j.page, 'three-un', true);
  });

  it('三增长: a row per 旗县区 with 本期, 上年同期 and the change of each leg, and the 合计', async () => {
    const { body } = await j.api.get('/registry/summary?year=2022&groupBy=county');
    await j.page.goto(`${BASE}/three-growth?year=2022`);
    await j.page.getByTestId('growth-total').waitFor();
    assert.equal(await j.page.getByTestId('growth-row').count(), body.groups.length);
    assert.ok(body.groups.length > 0);
    const g = body.groups[0];
    const row = j.page.getByTestId('growth-row').first();
    assert.match(await row.innerText(), new RegExp(g.group.name));
    assert.match(await row.innerText(), g.yoy.threeGrowth.all ? /实现/ : /未实现/);
    await j.page.getByTestId('print-open').waitFor();
    await shot(j.page, 'three-growth', true);
  });

  it('通报排名: each county’s figures per scoring item beside its points, and the 计分方法 from the server', async () => {
    const q = 'periodType=year&year=2022&level=unit&regionLevel=county';
    const { status, body } = await j.api.get(`/rankings/preview?${q}`);
    assert.equal(status, 200);
    // The page asks for its first page of rows, not the whole ranking.
    const asked = j.page.waitForRequest((r) => r.url().includes('/api/v1/rankings/preview?'));
    await j.page.goto(`${BASE}/rankings?period=2022&level=county`);
    const paging = new URL((await asked).url()).searchParams;
    assert.deepEqual([paging.get('offset'), paging.get('limit')], ['0', '50']);
    const preview = j.page.getByTestId('ranking-preview');
    await preview.getByTestId('ranking-row').first().waitFor();
    const first = body.rows[0];
    const row = preview.locator(`[data-testid="ranking-row"][data-assignee="${first.assignee.name}"]`);
    const signedProjects = first.metrics.find((m) => m.metric === 'signed_projects');
    if (signedProjects) assert.match(await row.innerText(), new RegExp(`${signedProjects.completion}%`));
    assert.ok((await row.getByTestId('ranking-figure').count()) >= 2, 'figures behind the scores');
    assert.match(await row.innerText(), new RegExp(first.score.signing.toFixed(2)));
    await preview.getByText('计分方法').click();
    const method = preview.getByTestId('scoring-method');
    await method.waitFor();
    // The server's own words: its first sentence, and the signing weight from its formula.
    await method.getByText(body.formulaText.split('。')[0], { exact: false }).waitFor();
    await method.getByText(`${body.formula.signing.weight} 分`).first().waitFor();
    await shot(j.page, 'ranking-figures', true);
  });

  it('通报排名: a page of the server’s rows, and a search by name finds a unit with its rank in the whole ranking', async () => {
    const q = 'periodType=year&year=2022&level=team&regionLevel=county';
    const all = (await j.api.get(`/rankings/preview/all?${q}`)).body;
    const firstPage = (await j.api.get(`/rankings/preview?${q}`)).body;
    assert.deepEqual(firstPage.rows, all.rows.slice(0, 50));
    assert.equal(firstPage.page.total, all.rows.length);
    assert.deepEqual(firstPage.totals, all.totals);
    await j.page.goto(`${BASE}/rankings?period=2022&level=team`);
    const preview = j.page.getByTestId('ranking-preview');
    await preview.getByTestId('ranking-row').first().waitFor();
    assert.equal(await preview.getByTestId('ranking-row').count(), Math.min(50, all.rows.length));
    // The last team by name: the rows whose names hold it, worked out from the whole list.
    const last = all.rows.at(-1);
    const want = all.rows.filter((r) => r.assignee.name.includes(last.assignee.name)).map((r) => r.assignee.name);
    const searched = j.page.waitForResponse((r) => r.url().includes('/api/v1/rankings/preview?') && new URL(r.url()).searchParams.get('q') === last.assignee.name);
    const box = preview.getByPlaceholder('按招商队名称查找');
    await box.fill(last.assignee.name);
    await box.press('Enter');
    await searched;
    await j.page.waitForFunction((n) => document.querySelectorAll('[data-testid="ranking-preview"] [data-testid="ranking-row"]').length === n, want.length);
    const shown = await preview.getByTestId('ranking-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-assignee')));
    assert.deepEqual(shown, want);
    const row = preview.locator(`[data-testid="ranking-row"][data-assignee="${last.assignee.name}"]`);
    assert.equal((await row.locator('.ant-tag').first().innerText()).trim(), String(last.rank));
    await shot(j.page, 'ranking-search', true);
  });

  it('签约活动: 序号, and the spring signing day’s 31 signings largest first with 序号 1–31 and 落地旗县区', async () => {
    const events = await j.api.get('/signing-events?limit=100');
    const event = events.body.items.find((e) => e.totalAmountYi === '591.95');
    const { body } = await j.api.get(`/signing-events/${event.id}/roster?sort=amount`);
    await j.page.goto(`${BASE}/signing-events`);
    const eventRow = j.page.getByTestId('event-row').filter({ hasText: event.name });
    await eventRow.waitFor();
    assert.match(await eventRow.locator('td').nth(1).innerText(), /^\d+$/, '序号');
    await eventRow.locator('.ant-table-row-expand-icon').click();
    const roster = j.page.getByTestId('event-roster');
    await roster.getByTestId('roster-row').nth(30).waitFor();
    const shown = await roster.getByTestId('roster-row').evaluateAll((rows) => rows.map((r) => ({ seq: r.querySelectorAll('td')[0].innerText.trim(), amount: r.dataset.amount, landing: r.querySelectorAll('td')[3].innerText.trim() })));
    assert.deepEqual(
      shown,
      body.items.map((i) => ({ seq: String(i.seq), amount: i.amount, landing: i.landingRegionUnit.name })),
    );
    // Largest first, checked by hand on the exact strings (10,000ths of 万元 as BigInt).
    const units = (a) => BigInt(a.split('.')[0]) * 10000n + BigInt((a.split('.')[1] ?? '').padEnd(4, '0'));
    for (let k = 1; k < shown.length; k++) assert.ok(units(shown[k - 1].amount) >= units(shown[k].amount), `row ${k + 1}`);
    await roster.getByText('31 笔，合计', { exact: false }).waitFor();
    await shot(j.page, 'signing-events-by-amount', true);

    // The list itself by total: 序号 1…n in that order, and its print view with the same order.
    await j.page.getByText('按签约总额', { exact: true }).click();
    const listed = await j.page.getByTestId('event-row').evaluateAll((rows) => rows.map((r) => ({ seq: r.querySelectorAll('td')[1].innerText.trim(), name: r.dataset.name })));
    const byTotal = [...events.body.items].sort((a, b) => (units(b.totalAmount) > units(a.totalAmount) ? 1 : units(b.totalAmount) < units(a.totalAmount) ? -1 : b.heldOn.localeCompare(a.heldOn)));
    assert.deepEqual(listed.map((r) => r.seq), byTotal.map((_, i) => String(i + 1)));
    assert.equal(listed[0].name, byTotal[0].name);
    await j.page.locator('.page-head').getByTestId('print-open').click();
    await j.page.waitForURL('**/print/signing-events?sort=amount');
    await j.page.getByTestId('print-title').getByText('签约活动一览').waitFor();
    assert.equal(await j.page.locator('[data-testid="print-row"][data-kind="data"]').first().locator('td[data-key="name"]').innerText(), byTotal[0].name);
  });
});
