import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './naming.strategy';

/** The one set of TypeORM options, shared by the app, the migration CLI and the tests. */
export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install.
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    // numeric columns come back as strings: money stays exact.
    parseInt8: false,
    // Idle connections live a minute, not pg-pool's 10 s: a new one costs a backend start, cold
    // catalog caches (planning a list's statement took 9-29 ms on a fresh backend, under 1 ms
    // on a warm one) and its prepared statements, paid again after every pause of 10 s.
    // allowExitOnIdle: an idle pool never keeps a finished script (CLI, seed) alive for that minute.
    extra: { max: 20, application_name: 'zhaoshang-crm', idleTimeoutMillis: 60_000, allowExitOnIdle: true },
    ...overrides,
  } as DataSourceOptions;
}

export function createDataSource(url: string, overrides: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}
