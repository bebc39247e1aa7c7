// 招商地图: a city leader opens the map, picks 2022, reads each county's figures in the table
// beside the map — checked against the API's own answers (the 通报 by landing county, the 三未
// lists counted here) — clicks 科尔沁区 on the map and follows it to its projects. A county's
// manager sees his own county's figures and no other's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beijingToday, journey, shot } from './helpers.mjs';

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
  const j = journey({ account: ['manager-city', 'Manager@2022'], landing: '/pipeline' });
  const query = `periodType=year&year=2022&asOf=${beijingToday()}`;

  it('shows each county’s 2022 figures in the table, equal to the API’s', async () => {
    await j.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /(^|\s)招商地图$/ }).click();
    await j.page.waitForURL('**/map');
    await pick2022(j.page);
    const expected = await expectedFigures(j.api, query);
    await j.page.waitForFunction(() => document.querySelectorAll('[data-testid="map-row"]').length === 8);
    const shown = await shownFigures(j.page);
    assert.deepEqual([...shown.keys()].sort(), [...expected.keys()].sort());
    for (const [name, e] of expected) assert.deepEqual(shown.get(name), e.figures, name);
    assert.ok(Number(expected.get('科尔沁区').figures.signed_amount) > 0, 'the demo signed in 科尔沁区 in 2022');
    await shot(j.page, 'map-2022', true);
  });

  it('clicks 科尔沁区 on the map: its figures, and its projects one click away', async () => {
    const map = j.page.getByTestId('county-map');
    const point = await map.evaluate((el) => el.pixelOf('科尔沁区'));
    assert.ok(point, 'the map draws 科尔沁区');
    const box = await map.boundingBox();
    await j.page.mouse.click(box.x + point[0], box.y + point[1]);
    const detail = j.page.locator('[data-testid="county-detail"][data-label="科尔沁区"]');
    await detail.waitFor();
    const expected = (await expectedFigures(j.api, query)).get('科尔沁区');
    for (const f of FIGURES) assert.equal(await detail.locator(`[data-metric="${f}"]`).getAttribute('data-value'), expected.figures[f], f);
    await shot(j.page, 'map-horqin-selected', true);

    await j.page.getByRole('combobox', { name: '地图指标' }).click();
    await j.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '三未项目数' }).click();
    await j.page.getByRole('img', { name: /三未项目数分布图/ }).waitFor();

    // The located projects in his scope are the points; a click on one opens it.
    const located = await j.api.get('/registry/locations?limit=1000');
    assert.equal(located.status, 200);
    assert.ok(located.body.count >= 10, 'the demo locates its headline projects');
    await j.page.getByTestId('map-points-count').getByText(`${located.body.count} 个`).waitFor();
    // The map as it lies now (picking the figure scrolled the page back to the top).
    await map.scrollIntoViewIfNeeded();
    const mapBox = await map.boundingBox();
    const pixels = await map.evaluate((el, points) => points.map((p) => el.pixelAt(p.location.lng, p.location.lat)), located.body.items);
    // The largest project whose point stands clear of the others (two plants of one park overlap).
    const clear = located.body.items.findIndex((_, i) => pixels.every((q, j) => j === i || Math.hypot(q[0] - pixels[i][0], q[1] - pixels[i][1]) > 16));
    assert.ok(clear >= 0, 'a point stands alone');
    const first = located.body.items[clear];
    const at = pixels[clear];
    await j.page.mouse.click(mapBox.x + at[0], mapBox.y + at[1]);
    await j.page.waitForURL(`**/projects/${first.id}`);
    await j.page.getByTestId('project-location').getByText(`经度 ${first.location.lng.toFixed(6)}，纬度 ${first.location.lat.toFixed(6)}`).waitFor();
    await j.page.goBack();
    await j.page.waitForURL('**/map');
    await pick2022(j.page);
    await j.page.locator('[data-testid="county-map"][data-rendered="true"]').waitFor();
    await j.page.getByTestId('map-row').filter({ hasText: '科尔沁区' }).getByRole('button', { name: '科尔沁区' }).click();
    await detail.getByRole('link', { name: '查看科尔沁区的项目' }).click();
    await j.page.waitForURL(`**/projects?regionUnitId=${expected.id}`);
    const listed = await j.api.get(`/projects?regionUnitId=${expected.id}&limit=50`);
    assert.equal(listed.status, 200);
    if (listed.body.items[0]) await j.page.getByText(listed.body.items[0].name).first().waitFor();
  });
});

describe('county manager: his county on the 招商地图', () => {
  const j = journey({ account: ['manager-horqin', 'Manager@2022'], landing: '/pipeline' });

  it('shows 科尔沁区’s figures and none of the other counties’', async () => {
    await j.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: /(^|\s)招商地图$/ }).click();
    await j.page.waitForURL('**/map');
    await pick2022(j.page);
    await j.page.waitForFunction(() => document.querySelectorAll('[data-testid="map-row"]').length === 8);
    const expected = await expectedFigures(j.api, `periodType=year&year=2022&asOf=${beijingToday()}`);
    const shown = await shownFigures(j.page);
    for (const [name, e] of expected) {
      if (name === '科尔沁区') assert.deepEqual(shown.get(name), e.figures, name);
      else {
        assert.equal(e.figures, null, `${name} is outside his scope`);
        assert.deepEqual(shown.get(name), Object.fromEntries(FIGURES.map((f) => [f, ''])), name);
      }
    }
    // Pointing at each county (the pointer may rest on the map as it draws): its tooltip, 无数据 outside his scope.
    const map = j.page.getByTestId('county-map');
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    for (const name of expected.keys()) {
      const point = await map.evaluate((el, n) => el.pixelOf(n), name);
      assert.ok(point, `the map draws ${name}`);
      await j.page.mouse.move(box.x + point[0], box.y + point[1]);
      await j.page.waitForFunction((n) => [...document.querySelectorAll('.county-map div')].some((d) => d.textContent?.startsWith(n) && getComputedStyle(d).display !== 'none'), name);
      const tip = await j.page.evaluate((n) => [...document.querySelectorAll('.county-map div')].find((d) => d.textContent?.startsWith(n) && getComputedStyle(d).display !== 'none')?.textContent, name);
      assert.equal(tip.includes('无数据'), name !== '科尔沁区', `${name}: ${tip}`);
    }
    await j.page.getByTestId('map-row').filter({ hasText: '开鲁县' }).getByRole('button', { name: '开鲁县' }).click();
    await j.page.locator('[data-testid="county-detail"][data-label="开鲁县"]').getByText('不在您的管理范围内').waitFor();
    await shot(j.page, 'map-county-manager', true);
  });
});

describe('admin: a project’s location picked on the map', () => {
  const j = journey({ account: ['admin-tcz', 'Admin@2022'], landing: '/pipeline' });

  it('clicks 科尔沁区 in the picker: the point is saved, shown on the project and on the map', async () => {
    const list = await j.api.get('/projects?limit=100');
    const target = list.body.items.find((p) => p.location === null && p.regionUnit?.name === '科尔沁区') ?? list.body.items.find((p) => p.location === null);
    assert.ok(target, 'a demo project without a location');
    await j.page.goto(`${new URL(j.page.url()).origin}/projects/${target.id}`);
    await j.page.getByTestId('project-location').getByText('未标注').waitFor();
    await j.page.getByRole('button', { name: '在地图上标注' }).click();
    const picker = j.page.getByTestId('location-picker');
    await picker.waitFor();
    await j.page.waitForFunction(() => typeof document.querySelector('[data-testid="location-picker"]')?.pixelAt === 'function');
    // The dialog zooms in: its box is where it will stay once two reads 100 ms apart agree.
    let box = await picker.boundingBox();
    for (let prev = null; JSON.stringify(prev) !== JSON.stringify(box); ) {
      prev = box;
      await new Promise((r) => setTimeout(r, 100));
      box = await picker.boundingBox();
    }
    const at = await picker.evaluate((el) => el.pixelAt(122.25, 43.62));
    await j.page.mouse.click(box.x + at[0], box.y + at[1]);
    await j.page.waitForFunction(() => document.querySelector('input[aria-label="经度"]')?.value !== '');
    const lng = await j.page.getByRole('spinbutton', { name: '经度' }).inputValue();
    const lat = await j.page.getByRole('spinbutton', { name: '纬度' }).inputValue();
    assert.ok(Math.abs(Number(lng) - 122.25) < 0.05 && Math.abs(Number(lat) - 43.62) < 0.05, `picked ${lng}, ${lat}`);
    await shot(j.page, 'map-location-picker');
    await j.page.getByTestId('dialog-save').click();
    await j.page.getByTestId('project-location').getByText(`经度 ${Number(lng).toFixed(6)}，纬度 ${Number(lat).toFixed(6)}`).waitFor();
    const saved = await j.api.get(`/projects/${target.id}`);
    assert.deepEqual(saved.body.location, { lng: Number(lng), lat: Number(lat) });
    const points = await j.api.get('/registry/locations?limit=1000');
    assert.ok(points.body.items.some((p) => p.id === target.id), 'the project is a point on the map');
  });
});
