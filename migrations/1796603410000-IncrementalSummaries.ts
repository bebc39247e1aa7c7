import { MigrationInterface, QueryRunner } from 'typeorm';
import { TEAM_PROJECT_YEARS_SQL } from './1795636635620-RegistrySummaries';
import { TEAM_CHAIN_SIGNINGS_SQL } from './1796600100000-SigningReview';
import { TEAM_PROJECT_FIGURES_SQL } from './1796600510000-FundsInPlaceCounted';
import { TEAM_MONTH_METRICS_SQL, UNIT_MONTH_CONTACTS_SQL } from './1796600800000-AttributionAndCredits';

/**
 * The summary views become plain tables kept key by key (issue 18): refreshing all five
 * materialised views every minute cost 9.2 s of database work at 3,000 teams. Triggers on the
 * tables the counting rules read note which keys changed (metric_dirty_keys: a team, a unit's
 * projects without a team, every project without a team, an enterprise's contacts, or
 * everything); the refresh recomputes only those keys' rows from the rules' SQL in
 * src/metrics (restricted to the keys), in one transaction. unit_contact_firsts keeps each
 * enterprise's first contact per unit and year, so a unit's 对接企业数 is recounted from a
 * changed enterprise's rows rather than from every interaction of the city.
 *
 * No copy of the rules here: the tables take the views' columns and rows, and an 'all' mark
 * makes the first refresh rebuild them (and unit_contact_firsts) from the current rules.
 */

/** Each table, its indexes, and (down) the rule of the migration that last defined its view. */
const TABLES: Array<[table: string, indexes: string[], viewSql: string]> = [
  ['team_month_metrics', [
    'CREATE UNIQUE INDEX "ux_team_month_metrics" ON "team_month_metrics" ("team_key", "region_unit_id", "landing_unit_id", "month")',
    'CREATE INDEX "ix_team_month_metrics_month" ON "team_month_metrics" ("month", "team_id")',
    'CREATE INDEX "ix_team_month_metrics_landing" ON "team_month_metrics" ("landing_unit_id", "month")',
  ], TEAM_MONTH_METRICS_SQL],
  ['unit_month_contacts', ['CREATE UNIQUE INDEX "ux_unit_month_contacts" ON "unit_month_contacts" ("unit_id", "home_only", "month")'], UNIT_MONTH_CONTACTS_SQL],
  ['team_project_figures', ['CREATE UNIQUE INDEX "ux_team_project_figures" ON "team_project_figures" ("team_key", "signed_month") NULLS NOT DISTINCT'], TEAM_PROJECT_FIGURES_SQL],
  ['team_project_years', ['CREATE UNIQUE INDEX "ux_team_project_years" ON "team_project_years" ("team_key", "year")'], TEAM_PROJECT_YEARS_SQL],
  ['team_chain_signings', ['CREATE UNIQUE INDEX "ux_team_chain_signings" ON "team_chain_signings" ("team_id", "industry_chain_id", "month")'], TEAM_CHAIN_SIGNINGS_SQL],
];

/** A trigger function noting keys: `body` runs with transition tables old_rows / new_rows (as TG_OP has them). */
export const markFunction = (name: string, body: string) => `
CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
${body}
  RETURN NULL;
END
$fn$`;

export const TRIGGERS: Array<[table: string, fn: string, columns: string[], marks: (rows: string) => string]> = [
  ['interactions', 'metric_mark_interactions', ['team_id', 'enterprise_id', 'occurred_at', 'deleted_at', 'type'], (r) => `
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', team_id FROM ${r} x;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'enterprise', enterprise_id FROM ${r} x;`],
  ['leads', 'metric_mark_leads', ['team_id', 'registered_team_id', 'created_at', 'deleted_at', 'industry_chain_id'], (r) => `
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', COALESCE(registered_team_id, team_id) FROM ${r} x;
  -- The chain of a lead's signings (team_chain_signings).
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', s.team_id FROM signings s WHERE s.lead_id IN (SELECT id FROM ${r} x);`],
  ['signings', 'metric_mark_signings', ['team_id', 'lead_id', 'signed_on', 'landing_region_unit_id', 'review_status', 'amount', 'kind'], (r) => `
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', team_id FROM ${r} x;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', c.team_id FROM signing_credits c WHERE c.signing_id IN (SELECT id FROM ${r} x);`],
  ['signing_credits', 'metric_mark_signing_credits', [], (r) => `
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', team_id FROM ${r} x;`],
  ['projects', 'metric_mark_projects', ['team_id', 'region_unit_id', 'registered_on', 'started_on', 'completed_on', 'signed_on', 'lifecycle', 'total_investment', 'signed_amount'], (r) => `
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', team_id FROM ${r} x WHERE team_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'unit', region_unit_id FROM ${r} x WHERE team_id IS NULL AND region_unit_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'teamless', NULL::uuid FROM ${r} x WHERE team_id IS NULL;`],
];

/** Tables of per-project rows: they mark their project's keys. */
export const PROJECT_ROWS: Array<[table: string, fn: string, columns: string[]]> = [
  ['project_monthly_progress', 'metric_mark_project_progress', ['project_id', 'month', 'completed_investment']],
  ['project_monthly_funds', 'metric_mark_project_funds', ['project_id', 'month', 'amount']],
  ['project_year_plans', 'metric_mark_project_plans', ['project_id', 'year', 'planned_investment']],
];

export const projectMarks = (r: string) => `
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team', p.team_id FROM projects p WHERE p.team_id IS NOT NULL AND p.id IN (SELECT project_id FROM ${r} x);
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'unit', p.region_unit_id FROM projects p WHERE p.team_id IS NULL AND p.region_unit_id IS NOT NULL AND p.id IN (SELECT project_id FROM ${r} x);
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'teamless', NULL::uuid FROM projects p WHERE p.team_id IS NULL AND p.id IN (SELECT project_id FROM ${r} x);`;

/** Marks in each of the three triggers' cases: inserted rows, deleted rows, and both sides of an update that changed `columns`. */
export function markBody(columns: string[], marks: (rows: string) => string): string {
  // No id to pair the sides by (signing_credits): both sides of every updated row.
  if (columns.length === 0) return `
  IF TG_OP IN ('UPDATE', 'DELETE') THEN${marks('old_rows')}
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN${marks('new_rows')}
  END IF;`;
  const differs = columns.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(' OR ');
  return `
  IF TG_OP = 'INSERT' THEN${marks('new_rows')}
  ELSIF TG_OP = 'DELETE' THEN${marks('old_rows')}
  ELSE${marks(`(SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ${differs}
                UNION ALL SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ${differs})`)}
  END IF;`;
}

function createTriggers(table: string, fn: string): string[] {
  return [
    `CREATE TRIGGER "${fn}_ins" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER "${fn}_upd" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    `CREATE TRIGGER "${fn}_del" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  ];
}

/** A team moved to another unit, a unit moved or removed: every row may move, rebuild everything. */
const STRUCTURE: Array<[table: string, fn: string, columns: string[]]> = [
  ['teams', 'metric_mark_teams', ['region_unit_id']],
  ['region_units', 'metric_mark_region_units', ['parent_id', 'path', 'level']],
];

export class IncrementalSummaries1796603410000 implements MigrationInterface {
    name = 'IncrementalSummaries1796603410000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        for (const [table, indexes] of TABLES) {
            await queryRunner.query(`CREATE TABLE "${table}_next" (LIKE "${table}")`);
            await queryRunner.query(`INSERT INTO "${table}_next" SELECT * FROM "${table}"`);
            await queryRunner.query(`DROP MATERIALIZED VIEW "${table}"`);
            await queryRunner.query(`ALTER TABLE "${table}_next" RENAME TO "${table}"`);
            for (const index of indexes) await queryRunner.query(index);
        }
        await queryRunner.query('CREATE TABLE "unit_contact_firsts" ("unit_id" uuid NOT NULL, "home_only" boolean NOT NULL, "enterprise_id" uuid NOT NULL, "first_at" TIMESTAMP WITH TIME ZONE NOT NULL)');
        await queryRunner.query('CREATE INDEX "ix_unit_contact_firsts_enterprise" ON "unit_contact_firsts" ("enterprise_id")');
        await queryRunner.query('CREATE INDEX "ix_unit_contact_firsts_unit" ON "unit_contact_firsts" ("unit_id", "home_only", "first_at")');
        await queryRunner.query('CREATE TABLE "metric_dirty_keys" ("id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "kind" varchar(12) NOT NULL, "key" uuid, CONSTRAINT "ck_metric_dirty_keys_kind" CHECK (kind IN (\'team\', \'unit\', \'teamless\', \'enterprise\', \'all\')))');
        await queryRunner.query('ALTER TABLE "metric_refreshes" ADD "changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now()');
        // The first refresh rebuilds every table (and fills unit_contact_firsts) from the rules.
        await queryRunner.query(`INSERT INTO "metric_dirty_keys" (kind) VALUES ('all')`);

        for (const [table, fn, columns, marks] of TRIGGERS) {
            await queryRunner.query(markFunction(fn, markBody(columns, marks)));
            for (const sql of createTriggers(table, fn)) await queryRunner.query(sql);
        }
        for (const [table, fn, columns] of PROJECT_ROWS) {
            await queryRunner.query(markFunction(fn, markBody(columns, projectMarks)));
            for (const sql of createTriggers(table, fn)) await queryRunner.query(sql);
        }
        for (const [table, fn, columns] of STRUCTURE) {
            const all = () => `
  INSERT INTO metric_dirty_keys (kind) VALUES ('all');`;
            await queryRunner.query(markFunction(fn, `
  IF TG_OP = 'DELETE' THEN${all()}
  ELSIF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ${columns.map((c) => `o.${c} IS DISTINCT FROM n.${c}`).join(' OR ')}) THEN${all()}
  END IF;`));
            for (const sql of createTriggers(table, fn).filter((s) => !s.includes('AFTER INSERT'))) await queryRunner.query(sql);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const [table, fn] of [...TRIGGERS, ...PROJECT_ROWS, ...STRUCTURE]) {
            for (const suffix of ['ins', 'upd', 'del']) await queryRunner.query(`DROP TRIGGER IF EXISTS "${fn}_${suffix}" ON "${table}"`);
            await queryRunner.query(`DROP FUNCTION ${fn}()`);
        }
        await queryRunner.query('ALTER TABLE "metric_refreshes" DROP COLUMN "changed_at"');
        await queryRunner.query('DROP TABLE "metric_dirty_keys"');
        await queryRunner.query('DROP TABLE "unit_contact_firsts"');
        // Back to the materialised views, each by the rule of the migration that last defined it.
        for (const [table, indexes, viewSql] of TABLES) {
            await queryRunner.query(`DROP TABLE "${table}"`);
            await queryRunner.query(`CREATE MATERIALIZED VIEW "${table}" AS ${viewSql}`);
            for (const index of indexes) await queryRunner.query(index);
        }
    }
}
