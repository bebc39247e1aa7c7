// An admin imports an enterprise list: the check (nothing written) reports each bad row by its
// number and reason; the corrected file is checked again and imported for real.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { journey, shot } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const RUN = Date.now().toString(36).slice(-5);
const dir = mkdtempSync(join(tmpdir(), 'crm-import-'));

function csv(name, rows) {
  const path = join(dir, name);
  writeFileSync(path, ['企业名称,统一社会信用代码,所属产业链,联系人,手机', ...rows].join('\r\n'));
  return path;
}

describe('admin: 企业导入 with the dry-run report', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline' });
  const a = `导入测试甲新材料有限公司${RUN}`;
  const b = `导入测试乙能源有限公司${RUN}`;

  it('reports the bad row by number and reason, writes nothing, then imports the corrected file', async () => {
    await j.page.locator('.side-nav').getByRole('link', { name: '数据导入' }).click();
    await j.page.waitForURL('**/imports');
    const bad = csv('bad.csv', [`${a},,硅砂新材料,王经理,13912345678`, `${b},91150500MA0N0ABC1X,新能源及装备制造,,`]);
    await j.page.locator('input[type=file]').setInputFiles(bad);
    await j.page.getByText('已选择：bad.csv').waitFor();
    await j.page.getByTestId('import-check').click();
    const report = j.page.getByTestId('import-report');
    await report.getByText('检查报告（未写入）').waitFor();
    const errorRow = report.getByTestId('import-error-row').first();
    await errorRow.getByText('第 3 行').waitFor();
    assert.match(await errorRow.innerText(), /信用代码/);
    assert.equal(await j.page.getByTestId('import-run').isDisabled(), true, 'no real import while rows are wrong');
    await shot(j.page, 'admin-import-report');
    assert.equal((await j.api.get(`/enterprises?q=${encodeURIComponent(a)}`)).body.items.filter((e) => e.name === a).length, 0, 'the check wrote nothing');

    const good = csv('good.csv', [`${a},,硅砂新材料,王经理,13912345678`, `${b},,新能源及装备制造,,`]);
    await j.page.locator('input[type=file]').setInputFiles(good);
    await j.page.getByTestId('import-check').click();
    await report.getByText('没有错误行，可以正式导入').waitFor();
    await j.page.getByTestId('import-run').dblclick();
    await j.page.getByTestId('import-done').waitFor();
    await shot(j.page, 'admin-import-done');
    const created = (await j.api.get(`/enterprises?q=${encodeURIComponent(a)}`)).body.items.filter((e) => e.name === a);
    assert.equal(created.length, 1, 'imported once');
    assert.equal(created[0].industryChainName, '硅砂新材料');
    const contacts = (await j.api.get(`/enterprises/${created[0].id}/contacts`)).body;
    assert.deepEqual(contacts.map((c) => [c.name, c.mobile]), [['王经理', '13912345678']]);
  });
});
