import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { normalizeEnterpriseName } from '../../src/enterprises/enterprise-name';
import { searchFields } from '../../src/enterprises/enterprises.service';
import { joinHq } from '../../src/enterprises/import/import-cells';
import { IMPORT_BATCH_SIZE } from '../../src/enterprises/import/enterprise-import.service';
import { checkUscc } from '../../src/enterprises/uscc';
import { ensureData, SIZE, takeLoadLog } from '../data/dataset';
import { importCompanies } from '../data/enterprises-data';
import { cpuSeconds } from '../processes';
import { sampleMemory, transactions } from '../data/process-stats';
import type { BenchContext, OnceLoad, Scenario } from '../scenario';
import { actors, load1 } from './issue-helpers';

/**
 * Issue 3's import rate: a 50,000-row .xlsx of companies not yet in the database (each with
 * a contact person), uploaded as the admin with dryRun=false — rows/s and the service's peak
 * resident memory — beside the same rows written by bare SQL in the import's own batch size.
 */
const GROUP = 'issue3';
const HEADERS = ['企业名称', '企业简称', '统一社会信用代码', '所属产业链', '总部所在地', '标签', '成立日期', '联系人', '职务', '手机'];

async function chainNames(ctx: BenchContext): Promise<string[]> {
  const { rows } = await ctx.db.query<{ name: string }>('SELECT name FROM industry_chains ORDER BY sort_order');
  return rows.map((r) => r.name);
}

/** Writes the spreadsheet with exceljs's streaming writer, as a city's own list would look. */
async function writeSpreadsheet(file: string, chains: string[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('企业名单');
  sheet.addRow(HEADERS).commit();
  for (const e of importCompanies()) {
    sheet
      .addRow([e.name, e.shortName, e.creditCode, chains[e.chain] ?? null, joinHq(e.hqProvince, e.hqCity), e.tags.join('、') || null, e.foundedOn, e.contact.name, e.contact.title, e.contact.mobile])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** POSTs the file as multipart/form-data, streamed; no client-side timeout. */
export function upload(url: string, token: string, file: string): Promise<{ status: number; body: string }> {
  const boundary = `----crm-bench-${Date.now()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="企业名单.xlsx"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(file).size;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + size + tail.length),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file);
    stream.on('error', reject);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

/**
 * CPU seconds of the database backends serving `pids` (or the service's pool, by application
 * name) since `before`: the import's database work, less skewed by the machine's load than its
 * wall time. Backends opened meanwhile count from nothing.
 */
async function backendCpu(ctx: BenchContext, before?: Map<number, number>): Promise<{ pids: Map<number, number>; used: number }> {
  const { rows } = await ctx.db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'zhaoshang-crm'`);
  const pids = new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid) ?? 0]));
  let used = 0;
  for (const [pid, now] of pids) used += now - (before?.get(pid) ?? 0);
  return { pids, used };
}

const dbCpuNote = (seconds: number, rows: number) => `; database backend CPU ${seconds.toFixed(1)} s (${Math.round((seconds * 1e6) / rows)} µs/row)`;

const bareName = `import ${SIZE.importRows.toLocaleString('en-US')} rows: bare SQL (${IMPORT_BATCH_SIZE}-row transactions)`;

/**
 * The same rows straight through pg: per batch of IMPORT_BATCH_SIZE one transaction that
 * looks the batch up by credit code and normalised name, inserts the companies and their
 * contacts — into empty copies of the two tables (same columns, defaults and indexes), so
 * the real import still finds every row new. Derived fields computed in Node, timed too.
 */
export const importBareSql: Scenario = {
  name: bareName,
  group: GROUP,
  async setup(ctx): Promise<OnceLoad> {
    const loaded = takeLoadLog(await ensureData(ctx, ['enterprises']));
    const chains = await ctx.db.query<{ id: string }>('SELECT id FROM industry_chains ORDER BY sort_order');
    await ctx.db.query('CREATE TABLE bench_import_enterprises (LIKE enterprises INCLUDING ALL)');
    await ctx.db.query('CREATE TABLE bench_import_contacts (LIKE enterprise_contacts INCLUDING ALL)');
    const drop = async () => {
      await ctx.db.query('DROP TABLE IF EXISTS bench_import_enterprises, bench_import_contacts');
    };
    return {
      kind: 'once',
      note: `per batch: 1 look-up on the live enterprises + 2 multi-row INSERTs, one transaction; empty tables with the same indexes; load avg ${load1()}${loaded ? `; ${loaded}` : ''}`,
      teardown: drop,
      async run() {
        const rows = importCompanies();
        const t0 = process.hrtime.bigint();
        const client = await ctx.db.connect();
        const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
        const dbCpu0 = cpuSeconds(pid);
        let dbCpu: number | undefined;
        try {
          for (let i = 0; i < rows.length; i += IMPORT_BATCH_SIZE) {
            const batch = rows.slice(i, i + IMPORT_BATCH_SIZE).map((e) => {
              const code = e.creditCode ? checkUscc(e.creditCode) : null;
              return { e, normalized: normalizeEnterpriseName(e.name), code: code?.ok ? code.code : null, search: searchFields(e.name, e.shortName) };
            });
            await client.query('BEGIN');
            await client.query('SELECT id, credit_code, normalized_name FROM enterprises WHERE merged_into_id IS NULL AND (credit_code = ANY($1) OR normalized_name = ANY($2))', [
              batch.map((b) => b.code).filter(Boolean),
              batch.map((b) => b.normalized),
            ]);
            const { rows: ids } = await client.query<{ id: string }>(
              `INSERT INTO bench_import_enterprises (name, normalized_name, short_name, credit_code, industry_chain_id, hq_province, hq_city, tags, founded_on, search_text, search_grams)
               SELECT b.name, b.normalized_name, b.short_name, b.credit_code, b.chain, b.province, b.city, string_to_array(b.tags, '、')::varchar[], b.founded_on, b.search_text, b.grams::text[]
                 FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bpchar[], $5::uuid[], $6::varchar[], $7::varchar[], $8::text[], $9::date[], $10::text[], $11::text[])
                   AS b(name, normalized_name, short_name, credit_code, chain, province, city, tags, founded_on, search_text, grams)
               RETURNING id`,
              [
                batch.map((b) => b.e.name),
                batch.map((b) => b.normalized),
                batch.map((b) => b.e.shortName),
                batch.map((b) => b.code),
                batch.map((b) => chains.rows[b.e.chain]?.id ?? null),
                batch.map((b) => b.e.hqProvince),
                batch.map((b) => b.e.hqCity),
                batch.map((b) => b.e.tags.join('、')),
                batch.map((b) => b.e.foundedOn),
                batch.map((b) => b.search.searchText),
                batch.map((b) => `{${b.search.searchGrams.map((g) => `"${g.replace(/["\\]/g, '\\$&')}"`).join(',')}}`),
              ],
            );
            await client.query(
              `INSERT INTO bench_import_contacts (enterprise_id, name, title, mobile) SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[])`,
              [ids.map((r) => r.id), batch.map((b) => b.e.contact.name), batch.map((b) => b.e.contact.title), batch.map((b) => b.e.contact.mobile)],
            );
            await client.query('COMMIT');
          }
          const dbCpu1 = cpuSeconds(pid);
          if (dbCpu0 !== undefined && dbCpu1 !== undefined) dbCpu = dbCpu1 - dbCpu0;
        } finally {
          client.release();
        }
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        return { requests: rows.length, errors: 0, seconds, p50: seconds * 1000, p99: seconds * 1000, note: `${rows.length.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s${dbCpu !== undefined ? dbCpuNote(dbCpu, rows.length) : ''}` };
      },
    };
  },
};

/** POST /api/v1/imports/enterprises?dryRun=false with the file: rows/s and the service's peak RSS. */
export const importXlsx: Scenario = {
  name: `POST /api/v1/imports/enterprises?dryRun=false (${SIZE.importRows.toLocaleString('en-US')}-row .xlsx)`,
  group: GROUP,
  baseline: bareName,
  async setup(ctx): Promise<OnceLoad> {
    const loaded = takeLoadLog(await ensureData(ctx, ['enterprises']));
    const dir = mkdtempSync(join(tmpdir(), 'crm-bench-import-'));
    const file = join(dir, 'enterprises.xlsx');
    const t0 = Date.now();
    await writeSpreadsheet(file, await chainNames(ctx));
    const written = (Date.now() - t0) / 1000;
    const mb = statSync(file).size / 1024 / 1024;
    const token = await ctx.login(actors(ctx).admin);
    return {
      kind: 'once',
      note: `${mb.toFixed(1)} MB .xlsx (exceljs streaming writer, ${written.toFixed(1)} s), ${HEADERS.length} columns incl. a contact; load avg ${load1()}${loaded ? `; ${loaded}` : ''}`,
      teardown: async () => rmSync(dir, { recursive: true, force: true }),
      async run() {
        const memory = sampleMemory(ctx.servicePid);
        const cpu0 = cpuSeconds(ctx.servicePid);
        const tx0 = await transactions(ctx.db);
        const db0 = await backendCpu(ctx);
        const started = process.hrtime.bigint();
        const res = await upload(`${ctx.baseUrl}/api/v1/imports/enterprises?dryRun=false`, token, file);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const cpu1 = cpuSeconds(ctx.servicePid);
        const mem = memory.stop();
        const db1 = await backendCpu(ctx, db0.pids);
        if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.body.slice(0, 300)}`);
        const report = JSON.parse(res.body) as { totalRows: number; created: number; updated: number; unchanged: number; contactsCreated: number; errorRows: number; warningCount: number };
        const tx = (await transactions(ctx.db)) - tx0;
        const rows = report.totalRows;
        return {
          requests: rows,
          errors: report.errorRows,
          seconds,
          // One request: its latency is the whole import.
          p50: seconds * 1000,
          p99: seconds * 1000,
          cpuMicros: cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1e6) / rows : undefined,
          txPerRequest: tx / rows,
          note:
            `${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
            `${report.contactsCreated} contacts, ${report.warningCount} warnings; service RSS ${mem.before.toFixed(0)} MB before, peak ${mem.peak.toFixed(0)} MB ` +
            `(VmHWM ${mem.hwm.toFixed(0)} MB${mem.hwmReset ? ', reset before the upload' : ', since the process started'})` +
            dbCpuNote(db1.used, rows),
        };
      },
    };
  },
};
