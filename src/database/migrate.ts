import { DataSource, Migration } from 'typeorm';
import { createDataSource } from './data-source';

/** Arbitrary constant: serialises migration runs of several processes starting at once. */
const MIGRATION_LOCK = 7_301_042;

/** Applies pending migrations under an advisory lock; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    return await withMigrationLock(ds, async () => (await ds.runMigrations({ transaction: 'each' })).map((m: Migration) => m.name));
  } finally {
    await ds.destroy();
  }
}

export async function withMigrationLock<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** The SQL that would bring the schema in line with the entities; empty when they agree. */
export async function pendingSchemaChanges(ds: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await ds.driver.createSchemaBuilder().log();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query) };
}
