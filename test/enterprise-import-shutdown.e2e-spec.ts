import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ShutdownSignal } from '../src/common/lifecycle/shutdown-signal';
import { EnterpriseImportService } from '../src/enterprises/import/enterprise-import.service';
import { expectError } from './harness/expect-error';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

const URL = '/api/v1/imports/enterprises';
const ROWS = 1_200;

/** A CSV of `n` new companies (three 500-row batches for 1,200). */
function companies(tag: string, n = ROWS): Buffer {
  return Buffer.from(`企业名称,备注\n${Array.from({ length: n }, (_, i) => `停机测试${tag}${i}号有限公司,第${i + 1}行`).join('\n')}\n`);
}

/**
 * Issue 13, item 4: a shutdown (SIGTERM → app.close() → onModuleDestroy) during an import stops it
 * at its next row: the transaction rolls back, the uploader gets a 503 saying nothing was
 * imported and where it stopped, the interruption is in the audit log, and imports asked for
 * afterwards are refused the same way. The moment is made deterministic with a table lock held
 * from a second connection: the import waits on it at a known point, the shutdown starts, the
 * lock is released.
 */
describe.each([
  // Pass 1 (the check) reads the companies the first batch may match: it waits on the enterprises table.
  // Stopped as main.ts does on SIGTERM, before it waits for requests in flight.
  { when: 'while checking the rows (SIGTERM)', lockSql: 'LOCK TABLE enterprises IN ACCESS EXCLUSIVE MODE', waitsOn: 'enterprises', stop: 'signal' },
  // Pass 2 (the write) audits its first batch after inserting it: it waits on the audit log.
  // Stopped as app.close() does, through the service's onModuleDestroy.
  { when: 'while writing them (app.close())', lockSql: 'LOCK TABLE audit_log IN SHARE MODE', waitsOn: 'audit_log', stop: 'close' },
])('enterprise import interrupted by shutdown $when', ({ lockSql, waitsOn, stop }) => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let blocker: Client;
  beforeAll(async () => {
    t = await createTestApp();
    const user = await new Factory(t).adminUser();
    admin = await user.token();
    adminId = user.id;
    blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
  }, 60_000);
  afterAll(async () => {
    await blocker?.end();
    await t?.close();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);

  it('rolls back, answers 503 with where it stopped, audits the interruption and refuses new imports', async () => {
    const enterprisesBefore = await count('SELECT count(*) AS n FROM enterprises');
    await blocker.query('BEGIN');
    await blocker.query(lockSql);
    const answer = t.http().post(URL).query({ dryRun: 'false' }).set('Authorization', `Bearer ${admin}`).attach('file', companies(waitsOn), 'companies.csv').then((r) => r);
    // The import is now waiting on the lock, at the point this case is about.
    for (let i = 0; ; i++) {
      const waiting = await count(`SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE NOT l.granted AND c.relname = $1`, [waitsOn]);
      if (waiting > 0) break;
      if (i > 600) throw new Error(`the import never waited on ${waitsOn}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const stopped = stop === 'signal' ? Promise.resolve(t.app.get(ShutdownSignal).begin()) : t.app.get(EnterpriseImportService).onModuleDestroy();
    await blocker.query('COMMIT');
    await stopped;
    const res = await answer;

    expectError(res, 503, 'IMPORT_SHUTDOWN');
    expect(res.body.message).toContain('未导入任何数据');
    expect(res.body.details).toEqual({ stoppedAtRow: expect.any(Number), rowsChecked: expect.any(Number), written: 0 });
    expect(res.body.details.rowsChecked).toBeGreaterThan(0);
    expect(res.body.details.rowsChecked).toBeLessThan(ROWS);
    // Nothing of the file was kept.
    expect(await count('SELECT count(*) AS n FROM enterprises')).toBe(enterprisesBefore);
    expect(await count(`SELECT count(*) AS n FROM enterprises WHERE name LIKE '停机测试%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'import'`)).toBe(0);
    // The interruption is on record, with the uploader and where it stopped.
    const audit = await t.db.query(`SELECT actor_id, changes FROM audit_log WHERE action = 'interrupt' AND entity = 'enterprise-import'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(adminId);
    expect(JSON.stringify(audit[0].changes)).toContain(`"to":${res.body.details.stoppedAtRow}`);
    // A shutting-down service takes no new import, not even a dry run.
    const late = await t.http().post(URL).query({ dryRun: 'true' }).set('Authorization', `Bearer ${admin}`).attach('file', companies('late', 2), 'late.csv');
    expectError(late, 503, 'IMPORT_SHUTDOWN');
  }, 120_000);
});

describe('enterprise import: uploads of processes that died are removed at start', () => {
  it('removes the upload folder of a process that no longer runs, and keeps a live one', async () => {
    const root = join(tmpdir(), 'zhaoshang-imports');
    // A process that has run and exited: its id is free (and a reuse within this test is not expected).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const dead = join(root, gone);
    const live = join(root, String(process.ppid));
    for (const dir of [dead, live]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'upload-left-behind'), 'x');
    }
    const t = await createTestApp();
    try {
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(join(live, 'upload-left-behind'))).toBe(true);
    } finally {
      await t.close();
    }
  }, 60_000);
});
