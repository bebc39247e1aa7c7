// 招商地图: a city leader opens the map, picks 2022, reads each county's figures in the table
// beside the map — checked against the API's own answers (the 通报 by landing county, the 三未
// lists counted here) — clicks 科尔沁区 on the map and follows it to its projects. A county's
// manager sees his own county's figures and no other's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, beijingToday, LAPTOP, launch, newPage, shot, signIn } from './helpers.mjs';

const FIGURES = ['signed_amount', 'funds_in_place', 'projects_started', 'three_un'];

/** Every county's expected figures, from the API as `api`'s user: null where the user is refused. */
async function expectedFigures(api, query) {
  const roots = await api.get('/regions?parentId=root&level=city');
  assert.equal(roots.status, 200);
  const city = roots.body.items[0];
  const counties = await api.get(`/regions?parentId=${city.id}&level=county&limit=200`);
  assert.equal(counties.body.items.length, 8, 'the demo city has eight county units');
  const threeUn = await api.get('/registry/three-un?limit=2000');
  assert.equal(threeUn.status, 200);
  const lists = [threeUn.body.notStarted, threeUn.body.startedNotBuilding, threeUn.body.notCompleted];
  for (const l of lists) assert.equal(l.items.length, l.count, 'every 三未 project listed');
  const three = (countyId) => new Set(lists.flatMap((l) => l.items.filter((i) => i.regionUnit?.id === countyId).map((i) => i.id))).size;
  const cityReport = await api.get(`/reporting/units?${query}&view=landing&parentUnitId=${city.id}`);
  const out = new Map();
  for (const c of counties.body.items) {
    let values = null;
    if (cityReport.status === 200) {
      values = cityReport.body.rows.find((r) => r.kind === 'unit' && r.unit.id === c.id).values;
    } else {
      const own = await api.get(`/reporting/units?${query}&view=landing&parentUnitId=${c.id}`);
      if (own.status === 200) values = own.body.rows.find((r) => r.kind === 'total').values;
      else assert.equal(own.status, 404);
    }
    out.set(c.name, { id: c.id, figures: values && { signed_amount: values.signed_amount, funds_in_place: values.funds_in_place, projects_started: values.projects_started, three_un: String(three(c.id)) } });
  }
  return out;
}

/** The table's figures as the page holds them (each cell's exact value). */
async function shownFigures(page) {
  const rows = page.getByTestId('map-row');
  const out = new Map();
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const values = {};
    for (const f of FIGURES) values[f] = await row.locator(`[data-metric="${f}"]`).getAttribute('data-value');
    out.set(await row.getAttribute('data-label'), values);
  }
  return out;
}

async function pick2022(page) {
  await page.getByRole('combobox', { name: '期间类型' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '年度' }).click();
  await page.getByRole('spinbutton', { name: '年度' }).fill('2022');
  await page.getByRole('spinbutton', { name: '年度' }).blur();
  await page.waitForFunction(() => document.querySelector('[data-testid="map-header"]')?.textContent?.includes('2022年'));
  await page.locator('[data-testid="county-map"][data-rendered="true"]').waitFor();
}

describe('manager: the 招商地图', () => {
  let browser;
  let page;
  let api;
  const query = `periodType=year&year=2022&asOf=${beijingToday()}`;

  before(async () => {
    browser = await launch();
    page = await newPage(browser, LAPTOP);
    api = await apiAs('manager-city', 'Manager@2022');
    await signIn(page, 'manager-city', 'Manager@2022', '/pipeline');
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], 'no script errors on the page');
    await browser?.close();
  });

  it('shows each county’s 2022 figures in the table, equal to the API’s', async () => {
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /(^|\s)招商地图$/ }).click();
    await page.waitForURL('**/map');
    await pick2022(page);
    const expected = await expectedFigures(api, query);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-row"]').length === 8);
    const shown = await shownFigures(page);
    assert.deepEqual([...shown.keys()].sort(), [...expected.keys()].sort());
    for (const [name, e] of expected) assert.deepEqual(shown.get(name), e.figures, name);
    assert.ok(Number(expected.get('科尔沁区').figures.signed_amount) > 0, 'the demo signed in 科尔沁区 in 2022');
    await shot(page, 'map-2022', true);
  });

  it('clicks 科尔沁区 on the map: its figures, and its projects one click away', async () => {
    const map = page.getByTestId('county-map');
    const point = await map.evaluate((el) => el.pixelOf('科尔沁区'));
    assert.ok(point, 'the map draws 科尔沁区');
    const box = await map.boundingBox();
    await page.mouse.click(box.x + point[0], box.y + point[1]);
    const detail = page.locator('[data-testid="county-detail"][data-label="科尔沁区"]');
    await detail.waitFor();
    const expected = (await expectedFigures(api, query)).get('科尔沁区');
    for (const f of FIGURES) assert.equal(await detail.locator(`[data-metric="${f}"]`).getAttribute('data-value'), expected.figures[f], f);
    await shot(page, 'map-horqin-selected', true);

    await page.getByRole('combobox', { name: '地图指标' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '三未项目数' }).click();
    await page.getByRole('img', { name: /三未项目数分布图/ }).waitFor();

    await detail.getByRole('link', { name: '查看科尔沁区的项目' }).click();
    await page.waitForURL(`**/projects?regionUnitId=${expected.id}`);
    const listed = await api.get(`/projects?regionUnitId=${expected.id}&limit=50`);
    assert.equal(listed.status, 200);
    if (listed.body.items[0]) await page.getByText(listed.body.items[0].name).first().waitFor();
  });
});

describe('county manager: his county on the 招商地图', () => {
  let browser;
  let page;
  let api;

  before(async () => {
    browser = await launch();
    page = await newPage(browser, LAPTOP);
    api = await apiAs('manager-horqin', 'Manager@2022');
    await signIn(page, 'manager-horqin', 'Manager@2022', '/pipeline');
  });
  after(async () => {
    assert.deepEqual(page?.errors ?? [], [], 'no script errors on the page');
    await browser?.close();
  });

  it('shows 科尔沁区’s figures and none of the other counties’', async () => {
    await page.goto(page.url().replace(/\/pipeline$/, '/map'));
    await pick2022(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-row"]').length === 8);
    const expected = await expectedFigures(api, `periodType=year&year=2022&asOf=${beijingToday()}`);
    const shown = await shownFigures(page);
    for (const [name, e] of expected) {
      if (name === '科尔沁区') assert.deepEqual(shown.get(name), e.figures, name);
      else {
        assert.equal(e.figures, null, `${name} is outside his scope`);
        assert.deepEqual(shown.get(name), Object.fromEntries(FIGURES.map((f) => [f, ''])), name);
      }
    }
    await page.getByTestId('map-row').filter({ hasText: '开鲁县' }).getByRole('button', { name: '开鲁县' }).click();
    await page.locator('[data-testid="county-detail"][data-label="开鲁县"]').getByText('不在您的管理范围内').waitFor();
    await shot(page, 'map-county-manager', true);
  });
});
