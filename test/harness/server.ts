import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdent, withDatabase } from '../../src/database/database-server';

/** Set by global-setup for every test worker. */
export const SERVER_URL_VAR = 'CRM_TEST_SERVER_URL';
export const TEMPLATE_VAR = 'CRM_TEST_TEMPLATE';

/** Prefix of every database the tests create; the creation time in the name lets stale ones be found. */
export const TEST_DB_PREFIX = 'crm_t_';

export function testDatabaseName(kind: 'tpl' | 'db'): string {
  return `${TEST_DB_PREFIX}${kind}_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

export async function withAdminClient<T>(serverUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Clones the migrated template into a fresh database (a few ms, versus seconds of migrations). */
export async function cloneTemplate(serverUrl: string, template: string): Promise<string> {
  const name = testDatabaseName('db');
  await withAdminClient(serverUrl, async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (err) {
        // 55006: the template is briefly in use by another clone; try again.
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Drops test databases left behind by runs that died more than two hours ago. */
export async function dropStaleDatabases(serverUrl: string): Promise<void> {
  const cutoff = Math.floor(Date.now() / 1000) - 7200;
  await withAdminClient(serverUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of rows) {
      const created = Number(/_(\d{10})_/.exec(datname)?.[1] ?? Number.MAX_SAFE_INTEGER);
      if (created < cutoff) {
        if (datname.includes('_tpl_')) await c.query(`ALTER DATABASE ${quoteIdent(datname)} IS_TEMPLATE false`).catch(() => undefined);
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => undefined);
      }
    }
  });
}
