import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdent, withDatabase } from '../../src/database/database-server';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { Client } from 'pg';
import { runMigrations as runBullmqMigrations } from 'bullmq';
import { runMigrations } from '../../src/database/migrate';
import { dropStaleDatabases, SERVER_URL_VAR, TEMPLATE_VAR, testDatabaseName, withAdminClient } from './server';

/**
 * Once per jest run: find a PostgreSQL (TEST_DATABASE_URL, else an embedded one), migrate a
 * template database, and hand both to the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'crm-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dir, port: await freePort(), persistent: false });
    (globalThis as { __embeddedPg?: typeof embedded }).__embeddedPg = embedded;
    serverUrl = embedded.url;
  } else {
    await dropStaleDatabases(serverUrl);
  }
  const template = testDatabaseName('tpl');
  await withAdminClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(template)}`));
  await runMigrations(withDatabase(serverUrl, template));
  // BullMQ's PostgreSQL schema too (QUEUE_PREFIX 'crm'), so clones need not migrate it again.
  const client = new Client({ connectionString: withDatabase(serverUrl, template) });
  await client.connect();
  try {
    await runBullmqMigrations(client, 'bullmq_crm');
  } finally {
    await client.end();
  }
  await withAdminClient(serverUrl, (c) => c.query(`ALTER DATABASE ${quoteIdent(template)} IS_TEMPLATE true`));
  process.env[SERVER_URL_VAR] = serverUrl;
  process.env[TEMPLATE_VAR] = template;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
