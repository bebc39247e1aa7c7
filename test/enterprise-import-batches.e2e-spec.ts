import { randomBytes } from 'node:crypto';
import { IMPORT_BATCH_SIZE } from '../src/enterprises/import/enterprise-import.service';
import { expectError } from './harness/expect-error';
import { Factory } from './harness/factories';
import { Cell, creditCode, csv, report, xlsx } from './harness/spreadsheets';
import { createTestApp, TestApp } from './harness/test-app';

const URL = '/api/v1/imports/enterprises';
const HEADER = ['企业名称', '统一社会信用代码', '联系人', '手机'];
/** Data rows per file: more than two of the import's write batches. */
const ROWS = 1200;

/**
 * The import's promise (issue 12, item 8c): a real run with one bad row writes nothing, even
 * when the bad row comes after the first write batch — pass 1 checks the whole file before
 * pass 2 writes a batch. Files of 1,200 generated rows, the bad row at several places.
 */
describe('enterprise import: all or nothing past the first write batch', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await (await new Factory(t).adminUser()).token();
  });
  afterAll(() => t.close());

  it('the batch is 500 rows, so 1,200 rows make three batches', () => {
    // The file sizes below are chosen around it; if it changes, so must they.
    expect(IMPORT_BATCH_SIZE).toBe(500);
  });

  /** Data row `i` (1-based) of a file tagged `tag`: a company with a credit code and a contact. */
  const good = (tag: string, i: number): Cell[] => [`批次${tag}企业${i}号有限公司`, creditCode(), `联系人${i}`, `139${String(10_000_000 + i).slice(-8)}`];
  /** The rows of a file: header, then ROWS good rows with `bad` replacing data row `at`. */
  function rows(tag: string, at?: number, bad?: (i: number) => Cell[]): Cell[][] {
    const out: Cell[][] = [HEADER];
    for (let i = 1; i <= ROWS; i++) out.push(i === at && bad ? bad(i) : good(tag, i));
    return out;
  }
  const asCsv = (data: Cell[][]) => Buffer.from(csv(data as Array<Array<string | number | null>>), 'utf8');
  const build = async (kind: 'xlsx' | 'csv', data: Cell[][]) => (kind === 'xlsx' ? xlsx(data) : asCsv(data));

  const upload = (file: Buffer, name: string) => t.http().post(URL).query({ dryRun: 'false' }).set('Authorization', `Bearer ${admin}`).attach('file', file, name);

  /** Everything the import writes, counted by plain SQL. */
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM enterprises)::int AS enterprises,
                (SELECT count(*) FROM enterprise_contacts)::int AS contacts,
                (SELECT count(*) FROM audit_log)::int AS audit`,
      )
    )[0] as { enterprises: number; contacts: number; audit: number };
  const tagged = async (tag: string) => Number((await t.db.query('SELECT count(*) AS n FROM enterprises WHERE name LIKE $1', [`批次${tag}%`]))[0].n);

  // Excel row = data row + 1 (the header is row 1).
  describe.each(['xlsx', 'csv'] as const)('%s', (kind) => {
    it.each([
      ['just after the first batch', IMPORT_BATCH_SIZE + 1],
      ['in the second batch', 700],
      ['on the last row', ROWS],
    ])('a bad mobile number %s (data row %i): 422 naming the row, nothing written', async (_where, at) => {
      const tag = randomBytes(3).toString('hex');
      const file = await build(kind, rows(tag, at, (i) => [`批次${tag}企业${i}号有限公司`, null, '王经理', '12345']));
      const before = await counts();
      const res = await upload(file, `名单.${kind}`);
      expectError(res, 422, 'IMPORT_ROWS_INVALID');
      expect(res.body.details).toMatchObject({ dryRun: false, totalRows: ROWS, errorRows: 1, errorCount: 1, created: ROWS - 1 });
      expect(res.body.details.errors).toEqual([{ row: at + 1, column: '手机', message: expect.stringContaining('手机号') }]);
      expect(await counts()).toEqual(before);
      expect(await tagged(tag)).toBe(0);
    });

    it('a row that conflicts with a company already in the database (same name, another credit code) at data row 700: 422, nothing written', async () => {
      const tag = randomBytes(3).toString('hex');
      const existing = `批次${tag}已有企业有限公司`;
      await t.http().post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send({ name: existing, creditCode: creditCode() }).expect(201);
      const file = await build(kind, rows(tag, 700, () => [existing, creditCode(), null, null]));
      const before = await counts();
      const res = await upload(file, `名单.${kind}`);
      expectError(res, 422, 'IMPORT_ROWS_INVALID');
      expect(res.body.details).toMatchObject({ totalRows: ROWS, errorRows: 1 });
      expect(res.body.details.errors).toEqual([{ row: 701, message: expect.stringMatching(/已有企业.*信用代码不同/) }]);
      expect(await counts()).toEqual(before);
      expect(await tagged(tag)).toBe(1); // only the company that was there before
    });

    it('a failure of the database while writing the second batch (a company added by someone else meanwhile): 409 naming the row, nothing written', async () => {
      const tag = randomBytes(3).toString('hex');
      const data = rows(tag);
      const clash = (data[700] as Cell[])[0] as string; // data row 700
      // Someone creates the company of data row 700 after the check and before its batch is
      // written: the insert meets the unique index. A trigger stands in for that person.
      const fn = `matrix_clash_${tag}`;
      await t.db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name = '${clash}' THEN RAISE unique_violation USING MESSAGE = 'duplicate key value violates unique constraint'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON enterprises FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
      try {
        const before = await counts();
        const res = await upload(await build(kind, data), `名单.${kind}`);
        expectError(res, 409, 'IMPORT_INTERRUPTED');
        expect(res.body.message).toContain('未导入任何数据');
        // The batch holding data row 700 starts at data row 501 (Excel row 502).
        expect(res.body.details).toMatchObject({ row: IMPORT_BATCH_SIZE + 2 });
        expect(await counts()).toEqual(before);
        expect(await tagged(tag)).toBe(0);
      } finally {
        await t.db.query(`DROP TRIGGER ${fn} ON enterprises`);
        await t.db.query(`DROP FUNCTION ${fn}()`);
      }
      // Once the clash is gone, the same file imports whole.
      expect(report(await upload(await build(kind, data), `名单.${kind}`).expect(200))).toMatchObject({ created: ROWS, errorRows: 0 });
      expect(await tagged(tag)).toBe(ROWS);
    });

    it(`a clean file of ${ROWS} rows writes exactly ${ROWS} companies, ${ROWS} contacts and their audit entries`, async () => {
      const tag = randomBytes(3).toString('hex');
      const before = await counts();
      const res = await upload(await build(kind, rows(tag)), `名单.${kind}`).expect(200);
      expect(report(res)).toMatchObject({ dryRun: false, totalRows: ROWS, created: ROWS, updated: 0, unchanged: 0, contactsCreated: ROWS, errorRows: 0 });
      // One audit entry per company and per contact.
      expect(await counts()).toEqual({ enterprises: before.enterprises + ROWS, contacts: before.contacts + ROWS, audit: before.audit + 2 * ROWS });
      expect(await tagged(tag)).toBe(ROWS);
    });
  });
});
