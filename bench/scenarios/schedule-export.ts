import { get } from 'node:http';
import { cpuSeconds } from '../processes';
import { ensureData, takeLoadLog } from '../data/dataset';
import { sampleMemory, transactions } from '../data/process-stats';
import type { OnceLoad, Scenario } from '../scenario';
import { actors, httpGet, load1 } from './issue-helpers';

/**
 * Issue 16's 项目调度表 as .xlsx for the whole registry (50,000 projects, their year plans,
 * monthly progress, nodes and problems), streamed in keyset batches: projects per second and
 * the service's peak resident memory while it writes — the figure that must stay within the
 * service's memory bound however many projects there are.
 */
const GROUP = 'issue16';

/** Downloads `url` as `token`, counting the bytes; the first bytes and the last 22 (the zip's end record) kept to check the file. */
function download(url: string, token: string): Promise<{ status: number; bytes: number; head: Buffer; tail: Buffer; firstByteMs: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    get(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      let head = Buffer.alloc(0);
      let tail = Buffer.alloc(0);
      let firstByteMs = 0;
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = Number(process.hrtime.bigint() - started) / 1e6;
        bytes += chunk.length;
        if (head.length < 4) head = Buffer.concat([head, chunk]).subarray(0, 4);
        tail = Buffer.concat([tail, chunk]).subarray(-22);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, head, tail, firstByteMs }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

export const scheduleXlsx: Scenario = {
  name: 'GET /api/v1/registry/schedule.xlsx (admin, whole registry, 1–12月 of this year)',
  group: GROUP,
  async setup(ctx): Promise<OnceLoad> {
    const loaded = takeLoadLog(await ensureData(ctx, ['projects']));
    const token = await ctx.login(actors(ctx).admin);
    const year = new Date().getUTCFullYear();
    const [{ n }] = (await ctx.db.query('SELECT count(*)::int AS n FROM projects')).rows as Array<{ n: number }>;
    const path = `/api/v1/registry/schedule.xlsx?periodType=ytd&year=${year}&month=12`;
    return {
      kind: 'once',
      note: `${n.toLocaleString('en-US')} projects; load avg ${load1()}${loaded ? `; ${loaded}` : ''}`,
      async run() {
        const memory = sampleMemory(ctx.servicePid);
        const cpu0 = cpuSeconds(ctx.servicePid);
        const tx0 = await transactions(ctx.db);
        const started = process.hrtime.bigint();
        const res = await download(`${ctx.baseUrl}${path}`, token);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const cpu1 = cpuSeconds(ctx.servicePid);
        const mem = memory.stop();
        const complete = res.status === 200 && res.head.readUInt32LE(0) === 0x04034b50 && res.tail.readUInt32LE(0) === 0x06054b50;
        if (!complete) throw new Error(`schedule.xlsx answered ${res.status} with ${res.bytes} bytes (not a whole .xlsx)`);
        const tx = (await transactions(ctx.db)) - tx0;
        return {
          requests: n,
          errors: 0,
          seconds,
          // One request: its latency is the whole export.
          p50: seconds * 1000,
          p99: seconds * 1000,
          cpuMicros: cpu0 !== undefined && cpu1 !== undefined ? ((cpu1 - cpu0) * 1e6) / n : undefined,
          txPerRequest: tx / n,
          note:
            `${n.toLocaleString('en-US')} projects in ${seconds.toFixed(1)} s (${(n / seconds).toFixed(0)} projects/s), ${(res.bytes / 1024 / 1024).toFixed(1)} MB, first byte after ${res.firstByteMs.toFixed(0)} ms; ` +
            `service RSS ${mem.before.toFixed(0)} MB before, peak ${mem.peak.toFixed(0)} MB (VmHWM ${mem.hwm.toFixed(0)} MB${mem.hwmReset ? ', reset before the export' : ', since the process started'})`,
        };
      },
    };
  },
};

/**
 * A later page of the JSON schedule (500 rows after the first 500) with every group's subtotal
 * and the total: what the print view and the web app's table ask for, page by page.
 */
export const scheduleJsonPage: Scenario = httpGet({
  name: 'GET /api/v1/registry/schedule (admin, whole registry, 1–12月, rows 501–1,000 + all subtotals)',
  group: GROUP,
  parts: ['projects'],
  who: (ctx) => actors(ctx).admin,
  path: async (ctx) => {
    const base = `/api/v1/registry/schedule?periodType=ytd&year=${new Date().getUTCFullYear()}&month=12&limit=500`;
    const first = await ctx.getJson<{ nextCursor: string | null }>(base, await ctx.login(actors(ctx).admin));
    return first.nextCursor ? `${base}&cursor=${first.nextCursor}` : base;
  },
  describe: (body) => {
    const view = body as { items: unknown[]; groups: unknown[]; projectCount: number };
    return `${view.items.length} rows, ${view.groups.length} subtotals of ${view.projectCount.toLocaleString('en-US')} projects`;
  },
});
