// 数据导入: for each spreadsheet import the service offers, an admin downloads its template (the
// matching export) from the import's tab, sends it back unchanged, reads a clean check (every row
// unchanged, nothing written) and imports it: a round trip that changes nothing. A file with a
// bad row is refused row by row, and the real import stays disabled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, journey, shot } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const dir = mkdtempSync(join(tmpdir(), 'crm-imports-'));

/** The imports whose endpoint the service's OpenAPI document lists, with their tab and template endpoint. */
const IMPORTS = [
  { tab: '项目清单', path: '/api/v1/imports/projects', template: '/api/v1/registry/projects.xlsx' },
  { tab: '项目调度（月报）', path: '/api/v1/imports/project-progress', template: '/api/v1/registry/schedule.xlsx' },
  { tab: '线索', path: '/api/v1/imports/leads', template: '/api/v1/leads/export.xlsx' },
  { tab: '走访记录', path: '/api/v1/imports/interactions', template: '/api/v1/interactions/export.xlsx' },
];

describe('admin: 数据导入 round-trips each import’s own export', () => {
  let offered;
  const j = journey({
    account: ADMIN,
    landing: '/pipeline',
    beforeSignIn: async () => {
      const doc = await (await fetch(`${BASE}/api/docs-json`)).json();
      offered = IMPORTS.filter((i) => doc.paths[i.path] && doc.paths[i.template]);
    },
  });

  it('lists every import as a tab of 数据导入', async () => {
    await j.page.locator('.side-nav').getByRole('link', { name: '数据导入' }).click();
    await j.page.waitForURL('**/imports');
    for (const i of IMPORTS) await j.page.getByRole('tab', { name: i.tab }).waitFor();
    assert.ok(offered.length > 0, 'the service offers at least the project import');
  });

  for (const i of IMPORTS) {
    it(`${i.tab}: the template back unchanged checks clean and imports without changing anything`, async (t) => {
      if (!offered.includes(i)) return t.skip(`${i.path} is not in this service's API yet`);
      await j.page.goto(`${BASE}/imports`);
      await j.page.getByRole('tab', { name: i.tab }).click();
      await j.page.waitForURL(`**/imports/**`);
      const [download] = await Promise.all([j.page.waitForEvent('download'), j.page.getByTestId('import-template').click()]);
      assert.match(download.suggestedFilename(), /\.xlsx$/);
      const file = join(dir, `${i.path.split('/').pop()}.xlsx`);
      await download.saveAs(file);

      await j.page.locator('input[type=file]').setInputFiles(file);
      await j.page.getByText(`已选择：${file.split('/').pop()}`).waitFor();
      await j.page.getByTestId('import-check').click();
      const report = j.page.getByTestId('import-report');
      await report.getByText('检查报告（未写入）').waitFor();
      assert.equal(await j.page.getByTestId('import-error-rows').innerText(), '0', 'no bad rows in the service’s own export');
      await report.getByText('没有错误行，可以正式导入').waitFor();
      await j.page.getByTestId('import-run').dblclick();
      await j.page.getByTestId('import-done').waitFor();
      const done = await j.page.getByTestId('import-done').innerText();
      assert.match(done, /新建 0 /, `a re-import creates nothing: ${done}`);
      assert.match(done, /更新 0 /, `and changes nothing: ${done}`);
      await shot(j.page, `import-${i.path.split('/').pop()}`);
    });
  }

  it('项目清单: a file with a bad row is refused by row number; nothing can be imported', async (t) => {
    if (!offered.some((i) => i.path === '/api/v1/imports/projects')) return t.skip('no project import');
    await j.page.goto(`${BASE}/imports/projects`);
    const bad = join(dir, 'bad-projects.csv');
    writeFileSync(bad, '项目名称,旗县区,总投资（万元）\n测试项目甲,科尔沁区,一百万\n');
    await j.page.locator('input[type=file]').setInputFiles(bad);
    await j.page.getByTestId('import-check').click();
    const report = j.page.getByTestId('import-report');
    await report.getByText('检查报告（未写入）').waitFor();
    assert.notEqual(await j.page.getByTestId('import-error-rows').innerText(), '0');
    await report.getByTestId('import-error-row').first().getByText('第 2 行').waitFor();
    assert.equal(await j.page.getByTestId('import-run').isDisabled(), true, 'no real import while rows are wrong');
    await shot(j.page, 'import-projects-bad');
  });
});
