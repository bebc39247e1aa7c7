import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { quoteIdent, withDatabase } from '../src/database/database-server';
import { freePort } from './processes';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  url: string;
  /** Where it runs, for the report: the server URL without credentials, or "embedded". */
  server: string;
  drop(): Promise<void>;
}

/**
 * A throwaway database for one bench run: on the server BENCH_DATABASE_URL names, else on
 * the local default server if it answers, else on an embedded PostgreSQL in a temp dir.
 */
export async function createScratchDatabase(log: (line: string) => void): Promise<ScratchDatabase> {
  const explicit = process.env.BENCH_DATABASE_URL?.trim();
  let serverUrl = explicit || DEFAULT_SERVER;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!explicit && !(await reachable(serverUrl))) {
    log(`${DEFAULT_SERVER} does not answer: starting an embedded PostgreSQL`);
    const dir = mkdtempSync(join(tmpdir(), 'crm-bench-pg-'));
    const { startEmbeddedPostgres } = await import('../src/database/embedded-postgres.js');
    const server = await startEmbeddedPostgres({ dir, port: await freePort(), persistent: false });
    serverUrl = server.url;
    stopEmbedded = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `crm_bench_${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const server = stopEmbedded ? 'embedded PostgreSQL' : redact(serverUrl);
  let dropped = false;
  return {
    url: withDatabase(serverUrl, name),
    server,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // BENCH_KEEP_DATABASE=1 leaves the loaded data set behind for EXPLAIN ANALYZE by hand.
      if (process.env.BENCH_KEEP_DATABASE === '1' && !stopEmbedded) {
        log(`kept scratch database ${name} (BENCH_KEEP_DATABASE=1): drop it when done`);
        return;
      }
      try {
        await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
      } finally {
        await stopEmbedded?.();
      }
    },
  };
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin<T>(serverUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
