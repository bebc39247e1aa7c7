import { MigrationInterface, QueryRunner } from 'typeorm';
import { markBody, markFunction, PROJECT_ROWS, projectMarks, TRIGGERS } from './1796603410000-IncrementalSummaries';

/** The first day of the Beijing month of timestamptz `at`, or of the month of date `at`. */
const beijingMonth = (at: string) => `date_trunc('month', ${at} AT TIME ZONE 'Asia/Shanghai')::date`;
const month = (d: string) => `date_trunc('month', ${d}::timestamp)::date`;

/**
 * Finer keys for the per-minute refresh (issue 18), which recomputed a whole team's
 * team_month_metrics for one new interaction (234 teams' 78,557 interactions read for 200 new
 * ones) and the figures of every project without a team (15,329 of 50,000, 342,061 progress
 * rows) for one progress row of one of them.
 *
 * 1. team_project_figures and team_project_years keep projects without a team per unit
 * (unit_key: the project's unit, the all-zero id if none; the all-zero id on a team's rows), so
 * a unit's are recomputed alone. The readers sum rows per team: their figures do not change.
 *
 * 2. A team's marks name the tables the write touched, which the refresh recomputes (kinds
 * team_contact: an interaction, team_month_metrics; team_sign: a lead, signing or credit,
 * team_month_metrics and team_chain_signings; team_project: a project or its rows,
 * team_month_metrics, team_project_figures and team_project_years; 'team', marks left from
 * before: every table).
 *
 * 3. A key's marks name the month a write touched (metric_dirty_keys.month): the first day of the month of the changed row's date (an
 * interaction's, a lead's creation, a signing's, a progress or funds row's; a year plan: its
 * January); null where a write may touch any month of the key (a project's own row). The refresh
 * recomputes a key from that month to the end of its year, the stretch over which a company's
 * first contact of the year can move.
 */
const MARKS: Record<string, (rows: string) => string> = {
  metric_mark_interactions: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team_contact', team_id, ${beijingMonth('occurred_at')} FROM ${r} x;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'enterprise', enterprise_id FROM ${r} x;`,
  metric_mark_leads: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team_sign', COALESCE(registered_team_id, team_id), ${beijingMonth('created_at')} FROM ${r} x;
  -- The chain of a lead's signings (team_chain_signings).
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team_sign', s.team_id, ${month('s.signed_on')} FROM signings s WHERE s.lead_id IN (SELECT id FROM ${r} x);`,
  metric_mark_signings: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team_sign', team_id, ${month('signed_on')} FROM ${r} x;
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team_sign', c.team_id, ${month('x.signed_on')} FROM signing_credits c JOIN ${r} x ON x.id = c.signing_id;`,
  // A credit whose signing is gone (deleted with it): any month.
  metric_mark_signing_credits: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team_sign', x.team_id, ${month('s.signed_on')} FROM ${r} x LEFT JOIN signings s ON s.id = x.signing_id;`,
  // A project's own row: any month of its keys.
  metric_mark_projects: (r) => `
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'team_project', team_id FROM ${r} x WHERE team_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'unit', region_unit_id FROM ${r} x WHERE team_id IS NULL AND region_unit_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'teamless', NULL::uuid FROM ${r} x WHERE team_id IS NULL;`,
};

/** Per-project rows: their project's keys, with the row's month. */
const projectRowMarks = (rowMonth: string) => (r: string) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team_project', p.team_id, ${rowMonth} FROM projects p JOIN ${r} x ON x.project_id = p.id WHERE p.team_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'unit', p.region_unit_id, ${rowMonth} FROM projects p JOIN ${r} x ON x.project_id = p.id WHERE p.team_id IS NULL AND p.region_unit_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'teamless', NULL::uuid, ${rowMonth} FROM projects p JOIN ${r} x ON x.project_id = p.id WHERE p.team_id IS NULL;`;

const PROJECT_ROW_MONTHS: Record<string, string> = {
  metric_mark_project_progress: month('x.month'),
  metric_mark_project_funds: month('x.month'),
  metric_mark_project_plans: 'make_date(x.year, 1, 1)',
};

const ZERO = '00000000-0000-0000-0000-000000000000';

const KINDS = ['team', 'team_contact', 'team_sign', 'team_project', 'unit', 'teamless', 'enterprise', 'all'];

/** The tables whose rows of projects without a team are kept per unit, and their period column. */
const UNIT_KEYED: Array<[table: string, period: string]> = [
    ['team_project_figures', 'signed_month'],
    ['team_project_years', 'year'],
];

export class SummaryKeyPeriods1796606000000 implements MigrationInterface {
    name = 'SummaryKeyPeriods1796606000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        for (const [table, period] of UNIT_KEYED) {
            await queryRunner.query(`ALTER TABLE "${table}" ADD "unit_key" uuid NOT NULL DEFAULT '${ZERO}'`);
            await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "unit_key" DROP DEFAULT`);
            await queryRunner.query(`DROP INDEX "ux_${table}"`);
            await queryRunner.query(`CREATE UNIQUE INDEX "ux_${table}" ON "${table}" ("team_key", "unit_key", "${period}")${table === 'team_project_figures' ? ' NULLS NOT DISTINCT' : ''}`);
        }
        await queryRunner.query('ALTER TABLE "metric_dirty_keys" ADD "month" date');
        await queryRunner.query('ALTER TABLE "metric_dirty_keys" DROP CONSTRAINT "ck_metric_dirty_keys_kind"');
        await queryRunner.query(`ALTER TABLE "metric_dirty_keys" ADD CONSTRAINT "ck_metric_dirty_keys_kind" CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')}))`);
        for (const [, fn, columns] of TRIGGERS) {
            const marks = MARKS[fn];
            if (marks) await queryRunner.query(markFunction(fn, markBody(columns, marks)).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
        for (const [, fn, columns] of PROJECT_ROWS) {
            await queryRunner.query(markFunction(fn, markBody(columns, projectRowMarks(PROJECT_ROW_MONTHS[fn]!))).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
        // The rows of projects without a team split by unit at the next refresh, a rebuild.
        await queryRunner.query(`INSERT INTO "metric_dirty_keys" (kind) VALUES ('all')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const [, fn, columns, marks] of TRIGGERS) {
            if (MARKS[fn]) await queryRunner.query(markFunction(fn, markBody(columns, marks)).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
        for (const [, fn, columns] of PROJECT_ROWS) {
            await queryRunner.query(markFunction(fn, markBody(columns, projectMarks)).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
        await queryRunner.query('ALTER TABLE "metric_dirty_keys" DROP COLUMN "month"');
        await queryRunner.query(`UPDATE "metric_dirty_keys" SET kind = 'team' WHERE kind IN ('team_contact', 'team_sign', 'team_project')`);
        await queryRunner.query('ALTER TABLE "metric_dirty_keys" DROP CONSTRAINT "ck_metric_dirty_keys_kind"');
        await queryRunner.query(`ALTER TABLE "metric_dirty_keys" ADD CONSTRAINT "ck_metric_dirty_keys_kind" CHECK (kind IN (${KINDS.filter((k) => !k.startsWith('team_')).map((k) => `'${k}'`).join(', ')}))`);
        // Rows of projects without a team were kept per unit: emptied, rebuilt as one at the next refresh.
        for (const [table, period] of UNIT_KEYED) {
            await queryRunner.query(`DELETE FROM "${table}"`);
            await queryRunner.query(`DROP INDEX "ux_${table}"`);
            await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "unit_key"`);
            await queryRunner.query(`CREATE UNIQUE INDEX "ux_${table}" ON "${table}" ("team_key", "${period}")${table === 'team_project_figures' ? ' NULLS NOT DISTINCT' : ''}`);
        }
        await queryRunner.query(`INSERT INTO "metric_dirty_keys" (kind) VALUES ('all')`);
    }
}
