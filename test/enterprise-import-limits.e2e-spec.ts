import { hostileCsvFiles, hostileFiles, namesWorkbook } from '../bench/data/hostile-spreadsheets';
import { expectError } from './harness/expect-error';
import { Factory } from './harness/factories';
import { report } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

const URL = '/api/v1/imports/enterprises';

/**
 * Uploads built to exhaust the importer — zip bombs honest and lying about their size, a huge
 * shared string, millions of shared strings, empty cells and rows, very wide rows, deep
 * nesting, a DTD, and CSV with endless cells, lines, columns and rows — are refused with 400,
 * the limit's own code and a message naming the limit, and nothing is written. The files are
 * generated (bench/data/hostile-spreadsheets.ts, the benchmark measures the same ones).
 */
describe('enterprise import: hostile uploads are refused within bounds', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await (await new Factory(t).adminUser()).token();
  });
  afterAll(() => t?.close());

  const upload = (file: Buffer, name: string, dryRun: boolean) =>
    t.http().post(URL).query({ dryRun: String(dryRun) }).set('Authorization', `Bearer ${admin}`).attach('file', file, name);
  const enterprises = async () => Number((await t.db.query('SELECT count(*) AS n FROM enterprises'))[0].n);

  it('the generator writes real workbooks: its harmless twin imports', async () => {
    const res = await upload(namesWorkbook(['限额测试甲有限公司', '限额测试乙有限公司']), 'ok.xlsx', false);
    expect(res.status).toBe(200);
    expect(report(res)).toMatchObject({ fileType: 'xlsx', sheet: '企业名单', created: 2, errorRows: 0 });
  });

  const cases = [...hostileFiles(0.5), ...hostileCsvFiles()];
  it.each(cases.map((c) => [c.name, c.what, c] as const))('%s (%s): 400 with its code, the limit named, nothing written', async (_name, _what, c) => {
    // The real run: its first pass reads the file exactly as the dry run does.
    const before = await enterprises();
    const res = await upload(c.file, c.name, false);
    expectError(res, 400, c.expect.code);
    expect(res.body.message).toMatch(c.expect.message);
    expect(res.body.details).toEqual(expect.any(Object));
    expect(await enterprises()).toBe(before);
    // Some files are read to their end before a limit trips (3,000,000 empty rows): about a
    // second alone, many times that on a busy 2-core CI box.
  }, 180_000);

  it('files far larger unpacked than on disk: every one generated is small to upload', () => {
    for (const c of cases.filter((x) => x.name.endsWith('.xlsx'))) expect(c.file.length).toBeLessThan(4 * 1024 * 1024);
    expect(cases.filter((c) => c.unpackedMb > 100).length).toBeGreaterThanOrEqual(4);
  });
});
