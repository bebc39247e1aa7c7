import { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { pendingSchemaChanges } from '../src/database/migrate';
import { MIGRATIONS } from '../migrations';
import { TEAM_MONTH_METRICS_SQL, UNIT_MONTH_CONTACTS_SQL } from '../src/metrics/counting-rules.read-model';
import { TEAM_CHAIN_SIGNINGS_SQL, TEAM_PROJECT_FIGURES_SQL, TEAM_PROJECT_YEARS_SQL } from '../src/metrics/registry-figures.read-model';
import { cloneTemplate, dropDatabase, SERVER_URL_VAR, TEMPLATE_VAR } from './harness/server';

/**
 * The template is built by running every migration. If the entities then want any schema
 * change, someone changed an entity without generating its migration (or the reverse).
 */
describe('migrations', () => {
  let url: string;
  let ds: DataSource;
  beforeAll(async () => {
    url = await cloneTemplate(process.env[SERVER_URL_VAR] as string, process.env[TEMPLATE_VAR] as string);
    ds = createDataSource(url);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await dropDatabase(process.env[SERVER_URL_VAR] as string, new URL(url).pathname.slice(1));
  });

  it('leave no drift between the entities and the schema', async () => {
    const { up } = await pendingSchemaChanges(ds);
    expect(up).toEqual([]);
  });

  it('are all applied, in order, and none is pending', async () => {
    const applied: Array<{ name: string }> = await ds.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await ds.showMigrations()).toBe(false);
  });

  it('never synchronise the schema from the entities', () => {
    expect(ds.options.synchronize).toBe(false);
    expect(ds.options.migrationsRun).toBe(false);
  });

  // Migrations carry their own copy of the summary views' SQL, so a rule changed in src/metrics
  // reaches the database only through a new migration that recreates the view.
  it('define each summary view by the SQL in src/metrics', async () => {
    const live: Record<string, string> = {
      team_month_metrics: TEAM_MONTH_METRICS_SQL,
      unit_month_contacts: UNIT_MONTH_CONTACTS_SQL,
      team_project_figures: TEAM_PROJECT_FIGURES_SQL,
      team_project_years: TEAM_PROJECT_YEARS_SQL,
      team_chain_signings: TEAM_CHAIN_SIGNINGS_SQL,
    };
    // Temporary views live in one session: keep to one connection.
    const runner = ds.createQueryRunner();
    try {
      for (const [view, sql] of Object.entries(live)) {
        await runner.query(`CREATE TEMP VIEW "live_${view}" AS ${sql}`);
        const [defs]: Array<{ migrated: string; current: string }> = await runner.query(
          'SELECT pg_get_viewdef($1::regclass) AS migrated, pg_get_viewdef($2::regclass) AS current',
          [view, `live_${view}`],
        );
        expect({ view, definition: defs.current }).toEqual({ view, definition: defs.migrated });
      }
    } finally {
      await runner.release();
    }
  });

  // Last: it damages this file's database on purpose.
  it('the drift check does notice a difference', async () => {
    await ds.query('DROP INDEX ix_teams_region_unit_id');
    await ds.query('ALTER TABLE users ALTER COLUMN phone TYPE varchar(40)');
    const { up } = await pendingSchemaChanges(ds);
    expect(up.some((q) => q.includes('ix_teams_region_unit_id'))).toBe(true);
    expect(up.some((q) => q.includes('"phone"'))).toBe(true);
  });
});
