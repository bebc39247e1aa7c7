// Printed reports: each print view opened in Chromium with print media emulated at the width of
// an A4 landscape page's content (297 mm − 2 × 10 mm margins = 277 mm), where every table must
// fit one page width; the sheet states its title, 统计期间, 数据截至 and 制表单位 (GET
// /reporting/rules), and a figure printed equals the API's own, digit for digit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, journey, newPage, shot, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
/** 277 mm in CSS pixels (96 per inch). */
const CONTENT_WIDTH = Math.floor((277 * 96) / 25.4);
const A4_CONTENT = { viewport: { width: CONTENT_WIDTH, height: 740 } };

/** A decimal string as the sheet prints it, commas dropped, and as the API sends it, trailing zeros dropped: comparable. */
const plain = (text) => text.trim().replaceAll(',', '');
function canonical(decimal) {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(String(decimal));
  assert.ok(m, `a decimal: ${decimal}`);
  const int = m[2].replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1] ?? ''}${int}${frac ? `.${frac}` : ''}`;
}

describe('print views: A4 landscape, one page wide, the API’s figures', () => {
  let issuer;
  const j = journey({
    account: ADMIN,
    landing: '/pipeline',
    device: A4_CONTENT,
    beforeSignIn: async () => {
      const rules = await j.api.get('/reporting/rules');
      assert.equal(rules.status, 200);
      issuer = rules.body.issuer;
      assert.ok(issuer, 'GET /reporting/rules names the issuing unit');
    },
  });

  /** Opens a print view, waits for its sheet, switches to print media and checks the frame. */
  async function openPrint(path, { title, period, asOf }) {
    await j.page.emulateMedia({ media: 'screen' });
    await j.page.goto(`${BASE}${path}`);
    await j.page.getByTestId('print-title').waitFor();
    await j.page.getByTestId('print-issuer').getByText(issuer).waitFor();
    await j.page.emulateMedia({ media: 'print' });
    assert.equal(await j.page.getByTestId('print-title').innerText(), title);
    if (period) assert.equal(await j.page.getByTestId('print-period').innerText(), period);
    if (asOf) {
      const [y, m, d] = asOf.split('-').map(Number);
      assert.equal(await j.page.getByTestId('print-as-of').innerText(), `${y}年${m}月${d}日`);
    }
    assert.match(await j.page.getByTestId('print-made-on').innerText(), /^\d{4}年\d{1,2}月\d{1,2}日$/);
    assert.match(await j.page.getByTestId('print-units').innerText(), /单位：万元/);
    assert.equal(await j.page.getByRole('button', { name: /打\s*印/ }).isVisible(), false, 'the toolbar is not printed');
    assert.equal(await j.page.getByRole('navigation', { name: '主导航' }).count(), 0, 'no app menu on a print view');
    const widths = await j.page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      // As printed: a table scaled to fit (PrintTable's last resort) measures its scaled width.
      tables: [...document.querySelectorAll('table.print-table')].map((t) => Math.ceil(t.getBoundingClientRect().width - 0.5)),
    }));
    assert.ok(widths.tables.length > 0, 'a table');
    for (const w of widths.tables) assert.ok(w <= CONTENT_WIDTH, `table ${w}px ≤ ${CONTENT_WIDTH}px (one A4 landscape page width)`);
    assert.ok(widths.page <= CONTENT_WIDTH, `page ${widths.page}px ≤ ${CONTENT_WIDTH}px`);
    // The header rows repeat on each printed page.
    assert.equal(await j.page.locator('table.print-table thead').first().evaluate((h) => getComputedStyle(h).display), 'table-header-group');
  }

  /** The text of a column's cell in the row of the given kind (first match). */
  const cell = (kind, key, table = 'print-table') => j.page.getByTestId(table).locator(`tr[data-kind="${kind}"] td[data-key="${key}"]`).first().innerText();

  it('项目汇总表: the 合计 row’s 总投资 and 完成投资 are the API’s', async () => {
    const { status, body } = await j.api.get('/registry/summary?year=2022&asOf=2022-10-31');
    assert.equal(status, 200);
    await openPrint('/print/summary?year=2022&asOf=2022-10-31', { title: '2022年项目汇总表（按旗县区）', asOf: '2022-10-31' });
    assert.equal(plain(await cell('total', 'totalInvestment')), canonical(body.total.totalInvestment));
    assert.equal(plain(await cell('total', 'completedInYear')), canonical(body.total.completedInYear));
    const continuing = body.total.byConstruction.find((c) => c.constructionType === 'continuing');
    assert.equal(plain(await cell('total', 'continuing:annualPlan')), canonical(continuing.annualPlan));
    assert.equal(await cell('total', 'planDoneRate'), `${body.total.planDoneRate.toFixed(2)}%`);
    assert.equal(await j.page.getByTestId('print-row').count(), body.groups.length + 1);
    await shot(j.page, 'print-summary', true);
  });

  it('项目调度表: projects by 旗县区 and 产业链, subtotals and the 合计 as the API gives them', async () => {
    const q = 'periodType=ytd&year=2022&month=10&asOf=2022-10-31';
    const { status, body } = await j.api.get(`/registry/schedule?${q}&limit=500`);
    assert.equal(status, 200);
    assert.equal(body.nextCursor, null, 'the demo fits one page');
    await openPrint(`/print/schedule?${q}`, { title: body.title, period: body.frame.period.label, asOf: body.frame.dataAsOf });
    assert.equal(plain(await cell('total', 'totalInvestment')), canonical(body.total.totalInvestment));
    assert.equal(plain(await cell('total', 'completedInPeriod')), canonical(body.total.completedInPeriod));
    assert.equal(plain(await cell('total', 'fundsInPeriod')), canonical(body.total.fundsInPeriod));
    const data = j.page.locator('[data-testid="print-row"][data-kind="data"]');
    assert.equal(await data.count(), body.items.length);
    const subtotals = j.page.locator('[data-testid="print-row"][data-kind="subtotal"]');
    assert.equal(await subtotals.count(), body.groups.length);
    for (const [i, item] of body.items.entries()) {
      assert.equal(await data.nth(i).locator('td[data-key="name"]').innerText(), item.name);
      assert.equal(plain(await data.nth(i).locator('td[data-key="completedInPeriod"]').innerText()), canonical(item.completedInPeriod), item.name);
    }
    // A county's subtotal is the sum of its projects' figures, as listed above it.
    const county = body.groups.find((g) => g.level === 'county');
    const index = body.groups.indexOf(county);
    assert.equal(plain(await subtotals.nth(index).locator('td[data-key="totalInvestment"]').innerText()), canonical(county.totalInvestment));
    await j.page.getByTestId('print-table').getByRole('columnheader', { name: `${body.monthsLabel}完成投资` }).waitFor();
    await shot(j.page, 'print-schedule', true);
  });

  it('网签项目清单: the demo’s day, 31 signings and the total 5,919,500万元 (591.95亿元)', async () => {
    const events = await j.api.get('/signing-events');
    const event = events.body.items.find((e) => e.totalAmountYi === '591.95');
    assert.ok(event, 'the demo’s 2022 spring signing day');
    const { status, body } = await j.api.get(`/signing-events/${event.id}/roster`);
    assert.equal(status, 200);
    await openPrint(`/print/roster/${event.id}`, { title: `${event.name}签约项目清单` });
    assert.equal(plain(await cell('total', 'amount')), canonical(body.total.amount));
    assert.equal(await cell('total', 'amount'), '5,919,500');
    assert.equal(await j.page.locator('[data-testid="print-row"][data-kind="data"]').count(), body.items.length);
    const rows = j.page.locator('[data-testid="print-row"][data-kind="data"]');
    assert.equal(plain(await rows.nth(4).locator('td[data-key="amount"]').innerText()), canonical(body.items[4].amount));
    assert.equal(await rows.nth(4).locator('td[data-key="chain"]').innerText(), body.items[4].industryChain?.name ?? '');
    await shot(j.page, 'print-roster', true);
    // 下载 Excel: the roster's .xlsx for the same event, under the service's Chinese name.
    await j.page.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([j.page.waitForEvent('download'), j.page.getByTestId('print-xlsx').click()]);
    assert.equal(download.suggestedFilename(), `${event.name}签约项目清单.xlsx`);
  });

  it('通报排名 (试算): every metric’s 目标 / 完成 / 完成率 fit one page; the first row’s figures are the API’s', async () => {
    const q = 'periodType=ytd&year=2022&month=10&asOf=2022-10-31&level=unit&regionLevel=county';
    const { status, body } = await j.api.get(`/rankings/preview?${q}`);
    assert.equal(status, 200);
    await openPrint(`/print/ranking/preview?${q}`, { title: body.title, period: body.period.label, asOf: body.dataAsOf });
    const first = body.rows[0];
    const amount = first.metrics.find((m) => m.metric === 'signed_amount');
    const row = j.page.locator('[data-testid="print-row"][data-kind="data"]').first();
    assert.equal(plain(await row.locator('td[data-key="signed_amount:actual"]').innerText()), canonical(amount.actual));
    assert.equal(await row.locator('td[data-key="signed_amount:completion"]').innerText(), `${amount.completion}%`);
    const total = body.totals.metrics.find((m) => m.metric === 'signed_amount');
    assert.equal(plain(await cell('total', 'signed_amount:target')), canonical(total.target));
    await j.page.getByTestId('print-notes').getByText('评分公式').waitFor();
    // Every row of the ranking, not the screen's page of them.
    const all = (await j.api.get(`/rankings/preview/all?${q}`)).body;
    assert.deepEqual(await j.page.locator('[data-testid="print-row"][data-kind="data"]').count(), all.rows.length);
    await shot(j.page, 'print-ranking', true);
  });

  for (const level of ['unit', 'team']) {
    it(`指标任务完成情况 (${level}): each row’s 完成 and the 合计 are the API’s`, async () => {
      const q = `periodType=ytd&year=2022&month=10&asOf=2022-10-31&level=${level}`;
      const { status, body } = await j.api.get(`/targets/completion?${q}`);
      assert.equal(status, 200);
      assert.ok(body.rows.length > 0, 'the demo has targets for 2022');
      const who = level === 'team' ? '招商队' : '区域单位';
      await openPrint(`/print/completion?${q}`, { title: `${body.period.label}指标任务完成情况（按${who}）`, period: body.period.label, asOf: body.dataAsOf });
      const rows = j.page.locator('[data-testid="print-row"][data-kind="data"]');
      assert.equal(await rows.count(), body.rows.length);
      for (const [i, r] of body.rows.entries()) {
        for (const m of r.metrics) assert.equal(plain(await rows.nth(i).locator(`td[data-key="${m.metric}:actual"]`).innerText()), canonical(m.actual), `${r.assignee.name} ${m.label}`);
      }
      if (body.total) {
        const m = body.total.metrics[0];
        assert.equal(plain(await cell('total', `${m.metric}:target`)), canonical(m.target));
        assert.equal(await cell('total', `${m.metric}:aheadBy`), m.aheadBy);
      }
      await shot(j.page, `print-completion-${level}`, true);
    });
  }

  it('三未清单: 签约未注册 / 注册未开工 / 开工未投产 with 逾期天数, as the API lists them', async () => {
    const { status, body } = await j.api.get('/registry/unfulfilled?asOf=2022-10-31&limit=2000');
    assert.equal(status, 200);
    await openPrint('/print/unfulfilled?asOf=2022-10-31', { title: '三未清单', asOf: '2022-10-31' });
    let listed = 0;
    for (const key of ['unregistered', 'notStarted', 'notProducing']) {
      const table = j.page.getByTestId(`print-table-${key}`);
      const items = body[key].items;
      listed += items.length;
      if (items.length === 0) continue;
      assert.equal(await table.locator('[data-testid="print-row"]').count(), items.length);
      assert.equal(plain(await table.locator('td[data-key="totalInvestment"]').first().innerText()), canonical(items[0].totalInvestment));
      assert.equal(await table.locator('td[data-key="overdueDays"]').first().innerText(), items[0].overdueDays === null ? '' : String(items[0].overdueDays));
    }
    assert.ok(listed > 0, 'the demo has projects in the 三未 lists');
    await shot(j.page, 'print-unfulfilled', true);
  });

  it('在建项目“三未”: three lists, each project’s 总投资 the API’s', async () => {
    const { status, body } = await j.api.get('/registry/three-un?limit=2000');
    assert.equal(status, 200);
    await openPrint('/print/three-un', { title: `${body.year ? `${body.year}年` : ''}在建项目“三未”清单`, asOf: body.asOf });
    for (const key of ['notStarted', 'startedNotBuilding', 'notCompleted']) {
      const table = j.page.getByTestId(`print-table-${key}`);
      if (body[key].items.length === 0) continue;
      assert.equal(await table.locator('[data-testid="print-row"]').count(), body[key].items.length);
      assert.equal(plain(await table.locator('td[data-key="totalInvestment"]').first().innerText()), canonical(body[key].items[0].totalInvestment));
    }
    await shot(j.page, 'print-three-un', true);
  });

  it('scales a table that the smaller type cannot fit, rather than cut it at the page edge', async () => {
    const narrow = await newPage(j.browser, { viewport: { width: 720, height: 740 } });
    try {
      await signIn(narrow, ...ADMIN, '/pipeline');
      await narrow.emulateMedia({ media: 'print' });
      await narrow.goto(`${BASE}/print/completion?periodType=ytd&year=2022&month=10&asOf=2022-10-31&level=unit`);
      await narrow.getByTestId('print-title').waitFor();
      const fit = await narrow.waitForFunction(() => {
        const t = document.querySelector('table.print-table');
        return t && t.style.zoom !== '' && { zoom: Number(t.style.zoom), width: t.getBoundingClientRect().width, page: document.documentElement.scrollWidth };
      });
      const { zoom, width, page: pageWidth } = await fit.jsonValue();
      assert.ok(zoom < 1, `scaled (${zoom})`);
      assert.ok(width <= 720.5 && pageWidth <= 720, `${width}px, page ${pageWidth}px ≤ 720px`);
    } finally {
      await narrow.context().close();
    }
  });

  it('opens from 签约活动, 通报排名 and 项目库, and 返回 leads back', async () => {
    await j.page.emulateMedia({ media: 'screen' });
    await j.page.goto(`${BASE}/signing-events`);
    await j.page.getByRole('row').filter({ hasText: '2022年春季网签大会' }).getByTestId('print-open').click();
    await j.page.waitForURL('**/print/roster/**');
    await j.page.getByTestId('print-title').getByText('签约项目清单', { exact: false }).waitFor();
    await j.page.getByRole('button', { name: /返\s*回/ }).click();
    await j.page.waitForURL('**/signing-events');

    await j.page.goto(`${BASE}/rankings?period=2022`);
    await j.page.getByTestId('ranking-preview').getByTestId('print-open').click();
    await j.page.waitForURL('**/print/ranking/preview?**');
    assert.match(j.page.url(), /periodType=year&year=2022/);
    await j.page.getByTestId('print-title').waitFor();

    await j.page.goto(`${BASE}/projects`);
    await j.page.getByTestId('print-open').filter({ hasText: '项目汇总表' }).click();
    await j.page.waitForURL('**/print/summary?year=*');
    await j.page.getByTestId('print-title').getByText('项目汇总表', { exact: false }).waitFor();
  });

  it('prints to a PDF of A4 landscape pages numbered 「第 n 页 共 m 页」', async () => {
    await j.page.goto(`${BASE}/print/ranking/preview?periodType=ytd&year=2022&month=10&asOf=2022-10-31&level=team`);
    await j.page.getByTestId('print-title').waitFor();
    // The page rule as Chromium parsed it: A4 landscape, the page number in its bottom-centre margin box.
    const rules = await j.page.evaluate(() =>
      [...document.styleSheets]
        .flatMap((s) => [...s.cssRules])
        .filter((r) => r instanceof CSSPageRule && r.selectorText === 'report')
        .map((r) => ({ size: r.style.getPropertyValue('size'), margins: [...r.cssRules].map((m) => m.cssText) })),
    );
    assert.equal(rules.length, 1, 'one @page report rule');
    assert.equal(rules[0].size, 'a4 landscape');
    assert.ok(rules[0].margins.some((m) => m.startsWith('@bottom-center') && m.includes('"第 " counter(page) " 页 共 " counter(pages) " 页"')), rules[0].margins.join('\n'));
    assert.equal(await j.page.getByTestId('print-sheet').evaluate((s) => getComputedStyle(s).page), 'report');
    await j.page.emulateMedia({ media: 'print' });
    const pdf = await j.page.pdf({ preferCSSPageSize: true, printBackground: true });
    assert.ok(pdf.length > 1000, 'a PDF');
    // Page boxes as the PDF writes them: 842 × 595 pt is A4 landscape.
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    assert.ok(boxes.length > 0, 'pages in the PDF');
    for (const [w, h] of boxes) assert.deepEqual([w, h], [842, 595], 'A4 landscape');
  });
});
