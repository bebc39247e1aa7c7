import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Pool } from 'pg';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import type { OnceLoad, OnceResult } from '../scenario';
import { quantile, transactions } from './process-stats';

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Runs `work` against the service's own providers (AppModule as an application context in
 * this process, role `api`, on the scratch database) and records every statement it sends
 * through node-postgres: the bare-SQL twin of an endpoint whose queries change too often
 * to copy by hand. Nothing else may use the database meanwhile (scenario setup is quiet).
 * Run from the repository root, as `npm run bench` is: the service reads config/ from there.
 */
export async function captureStatements<T>(databaseUrl: string, work: (app: INestApplicationContext) => Promise<T>): Promise<{ statements: Statement[]; result: T }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-capture-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    APP_ROLE: 'api',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    DATA_DIR: dataDir,
  });
  const statements: Statement[] = [];
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, role: 'api' }, databaseUrl), { logger: false, abortOnError: false });
    await app.init();
    proto.query = function (this: unknown, ...args: unknown[]) {
      const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
      const text = typeof config === 'string' ? config : config?.text;
      if (text) statements.push({ text, values: Array.isArray(values) ? values : typeof config === 'object' && Array.isArray(config.values) ? config.values : [] });
      return original.apply(this, args);
    };
    const result = await work(app);
    return { statements, result };
  } finally {
    proto.query = original;
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS as run.ts reads them (a replay runs its own loops). */
function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/**
 * The bare-SQL twin of a multi-query endpoint: the captured statements replayed the way the
 * service sends them — all at once on a pool as large as the service's (20) — in
 * BENCH_CONNECTIONS loops for BENCH_SECONDS after BENCH_WARMUP, like the other twins. One
 * iteration is one "request". (Pasting them into one statement instead would not measure
 * the same thing: its summed cost crosses the JIT thresholds the separate statements stay
 * under, and a second of JIT compilation swamps it.)
 */
export function replayLoad(statements: Statement[], databaseUrl: string, note: string): OnceLoad {
  return {
    kind: 'once',
    note,
    async run(): Promise<OnceResult> {
      const seconds = setting('BENCH_SECONDS', 10);
      const warmup = setting('BENCH_WARMUP', 2);
      const connections = setting('BENCH_CONNECTIONS', 10);
      const pool = new Pool({ connectionString: databaseUrl, max: 20, application_name: 'crm-bench-sql' });
      const latencies: number[] = [];
      let errors = 0;
      const loops = async (forSeconds: number, record: boolean) => {
        const end = process.hrtime.bigint() + BigInt(Math.round(forSeconds * 1e9));
        const loop = async () => {
          while (process.hrtime.bigint() < end) {
            const t0 = process.hrtime.bigint();
            try {
              await Promise.all(statements.map((s) => pool.query(s.text, s.values)));
              if (record) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            } catch {
              if (record) errors++;
            }
          }
        };
        await Promise.all(Array.from({ length: connections }, loop));
      };
      try {
        if (warmup > 0) await loops(warmup, false);
        const tx0 = await transactions(pool);
        const started = process.hrtime.bigint();
        await loops(seconds, true);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        const tx = (await transactions(pool)) - tx0;
        return {
          requests: latencies.length,
          errors,
          seconds: elapsed,
          p50: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          txPerRequest: latencies.length ? tx / latencies.length : undefined,
        };
      } finally {
        await pool.end();
      }
    },
  };
}
