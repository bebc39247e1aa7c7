import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from '../src/common/errors/pg-errors';
import { copyRows, CopyValue } from '../src/database/copy-rows';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * copyRows (COPY … FROM STDIN, used by the company import and bulk audit entries) stores every
 * value exactly as a plain parameterised INSERT of the same values does: the same awkward
 * values go into two temporary tables, one each way, and the tables must agree row by row.
 */
describe('copyRows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  const COLUMNS = ['id', 'txt', 'vc', 'flag', 'num', 'day', 'tags', 'doc'];
  const TABLE = `(id uuid PRIMARY KEY, txt text, vc varchar(64), flag boolean, num integer, day date, tags varchar[] NOT NULL DEFAULT '{}', doc jsonb,
                  made_at timestamptz NOT NULL DEFAULT now())`;
  const awkward = [
    'plain',
    '',
    'tab\there',
    'line\nbreak',
    'carriage\rreturn\r\n',
    'back\\slash \\N \\t',
    '\\',
    '"quoted" {braces} ,comma',
    'NULL',
    '梅花生物科技集团股份有限公司',
    '\u3000全角空格\u3000',
    'emoji 😀',
  ];
  const rows: CopyValue[][] = awkward.map((s, i) => [
    `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    s,
    s.slice(0, 64),
    i % 2 === 0,
    i * 1_000_003 - 7,
    i % 3 === 0 ? null : `2020-01-${String(i + 1).padStart(2, '0')}`,
    i % 4 === 0 ? [] : [s, `${s}二`, 'NULL', i % 5 === 0 ? null : 'x,y'],
    JSON.stringify({ text: s, list: [s, null, 1.5], nested: { back: '\\', quote: '"' } }),
  ]);
  rows.push(['00000000-0000-4000-8000-999999999999', null, null, null, null, null, [], null]);

  it('stores the same values as a parameterised INSERT', async () => {
    await t.db.transaction(async (em) => {
      await em.query(`CREATE TEMP TABLE by_copy ${TABLE} ON COMMIT DROP`);
      await em.query(`CREATE TEMP TABLE by_insert ${TABLE} ON COMMIT DROP`);
      await copyRows(em, 'by_copy', COLUMNS, rows);
      for (const r of rows) {
        await em.query(`INSERT INTO by_insert (${COLUMNS.join(', ')}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`, r as unknown[]);
      }
      const read = (table: string) => em.query(`SELECT ${COLUMNS.join(', ')}, made_at IS NOT NULL AS defaulted FROM ${table} ORDER BY id`);
      const [copied, inserted] = [await read('by_copy'), await read('by_insert')];
      expect(copied).toHaveLength(rows.length);
      expect(copied).toEqual(inserted);
      // And the texts are the ones given, not only equal to each other.
      expect(copied.map((r: { txt: string | null }) => r.txt)).toEqual(rows.map((r) => r[1]));
    });
  });

  it('fails as an INSERT would: a unique violation is a QueryFailedError, and the transaction rolls back', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    let caught: unknown;
    await t.db
      .transaction(async (em) => {
        await em.query(`CREATE TEMP TABLE dup ${TABLE}`);
        await copyRows(em, 'dup', ['id'], [[id], [id]]);
      })
      .catch((err: unknown) => (caught = err));
    expect(caught).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(caught)).toBe(true);
  });

  it('writes a batch larger than one chunk of the stream', async () => {
    const many: CopyValue[][] = Array.from({ length: 1_234 }, (_, i) => [`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `第${i}行\t`]);
    await t.db.transaction(async (em) => {
      await em.query(`CREATE TEMP TABLE big ${TABLE} ON COMMIT DROP`);
      await copyRows(em, 'big', ['id', 'txt'], many);
      const [{ n, tabs }] = await em.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE txt LIKE E'第%行\\t')::int AS tabs FROM big`);
      expect({ n, tabs }).toEqual({ n: 1_234, tabs: 1_234 });
    });
  });
});
