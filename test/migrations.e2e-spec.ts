import { DataSource } from 'typeorm';
import { createDataSource } from '../src/database/data-source';
import { pendingSchemaChanges } from '../src/database/migrate';
import { MIGRATIONS } from '../migrations';
import { TEAM_MONTH_METRICS_SQL, UNIT_MONTH_CONTACTS_SQL, unitContactFirstsSql } from '../src/metrics/counting-rules.read-model';
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

  // The summary tables are filled by the rules' SQL in src/metrics (restricted to the keys a
  // refresh recomputes, or whole): each table must have exactly the columns, in order and of the
  // types, the rule produces.
  it('give each summary table the columns of its rule in src/metrics', async () => {
    const live: Record<string, string> = {
      team_month_metrics: TEAM_MONTH_METRICS_SQL,
      unit_month_contacts: UNIT_MONTH_CONTACTS_SQL,
      team_project_figures: TEAM_PROJECT_FIGURES_SQL,
      team_project_years: TEAM_PROJECT_YEARS_SQL,
      team_chain_signings: TEAM_CHAIN_SIGNINGS_SQL,
      unit_contact_firsts: unitContactFirstsSql(),
    };
    const columns = `SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) AS cols
                       FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`;
    // Temporary views live in one session: keep to one connection.
    const runner = ds.createQueryRunner();
    try {
      for (const [table, sql] of Object.entries(live)) {
        await runner.query(`CREATE TEMP VIEW "live_${table}" AS ${sql}`);
        const [[stored], [rule]]: Array<Array<{ cols: string }>> = [await runner.query(columns, [table]), await runner.query(columns, [`live_${table}`])];
        expect({ table, columns: stored?.cols }).toEqual({ table, columns: rule?.cols });
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
