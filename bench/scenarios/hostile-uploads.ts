import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostileFile, hostileCsvFiles, hostileFiles } from '../data/hostile-spreadsheets';
import { sampleMemory } from '../data/process-stats';
import { cpuSeconds } from '../processes';
import type { OnceLoad, Scenario } from '../scenario';
import { upload } from './enterprise-import';
import { actors, load1 } from './issue-helpers';

/**
 * Issue 12, item 5: what a hostile upload costs the service before it is refused — its CPU
 * and its peak resident memory (sampled every 20 ms, VmHWM reset before the upload where
 * allowed). One row per file of bench/data/hostile-spreadsheets.ts, the files the e2e test
 * uploads: `npm run bench -- --only=issue12`. Needs no data set beyond the organisation.
 */
const GROUP = 'issue12';

function hostileUpload(f: HostileFile): Scenario {
  return {
    name: `hostile upload: ${f.name} (${(f.file.length / 1024).toFixed(0)} KB → ${f.unpackedMb.toFixed(0)} MB)`,
    group: GROUP,
    async setup(ctx): Promise<OnceLoad> {
      const dir = mkdtempSync(join(tmpdir(), 'crm-bench-hostile-'));
      const path = join(dir, f.name);
      writeFileSync(path, f.file);
      const token = await ctx.login(actors(ctx).admin);
      return {
        kind: 'once',
        note: `${f.what}; load avg ${load1()}`,
        teardown: async () => rmSync(dir, { recursive: true, force: true }),
        async run() {
          const memory = sampleMemory(ctx.servicePid, 20);
          const cpu0 = cpuSeconds(ctx.servicePid);
          const started = process.hrtime.bigint();
          const res = await upload(`${ctx.baseUrl}/api/v1/imports/enterprises?dryRun=true`, token, path);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const cpu1 = cpuSeconds(ctx.servicePid);
          const mem = memory.stop();
          const body = JSON.parse(res.body) as { code?: string; message?: string };
          const refused = res.status === 400 && body.code === f.expect.code;
          const cpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : NaN;
          return {
            requests: 1,
            errors: refused ? 0 : 1,
            seconds,
            p50: seconds * 1000,
            p99: seconds * 1000,
            cpuMicros: cpu * 1e6,
            note:
              `${res.status} ${body.code ?? ''} (${refused ? 'as expected' : `expected ${f.expect.code}`}): ${String(body.message ?? '').slice(0, 60)}; ` +
              `service CPU ${(cpu * 1000).toFixed(0)} ms, RSS ${mem.before.toFixed(0)} MB before, peak ${mem.peak.toFixed(0)} MB (+${(mem.peak - mem.before).toFixed(0)} MB)` +
              `${mem.hwmReset ? `, VmHWM ${mem.hwm.toFixed(0)} MB` : ''}`,
          };
        },
      };
    },
  };
}

export const HOSTILE_UPLOADS: Scenario[] = [...hostileFiles(1), ...hostileCsvFiles()].map(hostileUpload);
