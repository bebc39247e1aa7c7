import { join } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../config/app-config';
import type { EmbeddedServer } from './embedded-postgres';

export interface DatabaseHandle {
  url: string;
  /** Stops the embedded server when this process started one. */
  close(): Promise<void>;
}

/**
 * The database the service uses: the server DATABASE_URL names (its database created if
 * missing), else an embedded PostgreSQL persisted under DATA_DIR.
 */
export async function openDatabase(config: AppConfig, log: (line: string) => void = () => undefined): Promise<DatabaseHandle> {
  let embedded: EmbeddedServer | undefined;
  let url = config.database.url;
  if (!url) {
    // Loaded only when used: the package is ESM and most processes never need it.
    const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
    const server = await startEmbeddedPostgres({
      dir: join(config.dataDir, 'postgres'),
      port: config.database.embeddedPort,
      persistent: true,
      log,
    });
    embedded = server;
    url = withDatabase(server.url, 'zhaoshang_crm');
  }
  await ensureDatabase(url);
  return { url, close: async () => embedded?.stop() };
}

/** Returns `url` pointing at database `name` on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates the database `url` names if the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL must name a database');
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by another process
      });
    }
  } finally {
    await admin.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
