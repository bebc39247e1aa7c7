import { MigrationInterface, QueryRunner } from 'typeorm';
import { markBody, markFunction, PROJECT_ROWS, projectMarks, TRIGGERS } from './1796603410000-IncrementalSummaries';

/** The first day of the Beijing month of timestamptz `at`, or of the month of date `at`. */
const beijingMonth = (at: string) => `date_trunc('month', ${at} AT TIME ZONE 'Asia/Shanghai')::date`;
const month = (d: string) => `date_trunc('month', ${d}::timestamp)::date`;

/**
 * A key's marks name the month a write touched (issue 18): the per-minute refresh recomputed a
 * whole team's team_month_metrics for one new interaction (234 teams' 78,557 interactions read
 * for 200 new ones) and every project without a team's yearly figures for one progress row.
 * metric_dirty_keys.month: the first day of the month of the changed row's date (an
 * interaction's, a lead's creation, a signing's, a progress or funds row's; a year plan: its
 * January); null where a write may touch any month of the key (a project's own row). The refresh
 * recomputes a key from that month to the end of its year, the stretch over which a company's
 * first contact of the year can move.
 */
const MARKS: Record<string, (rows: string) => string> = {
  metric_mark_interactions: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team', team_id, ${beijingMonth('occurred_at')} FROM ${r} x;
  INSERT INTO metric_dirty_keys (kind, key) SELECT DISTINCT 'enterprise', enterprise_id FROM ${r} x;`,
  metric_mark_leads: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team', COALESCE(registered_team_id, team_id), ${beijingMonth('created_at')} FROM ${r} x;
  -- The chain of a lead's signings (team_chain_signings).
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team', s.team_id, ${month('s.signed_on')} FROM signings s WHERE s.lead_id IN (SELECT id FROM ${r} x);`,
  metric_mark_signings: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team', team_id, ${month('signed_on')} FROM ${r} x;
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team', c.team_id, ${month('x.signed_on')} FROM signing_credits c JOIN ${r} x ON x.id = c.signing_id;`,
  // A credit whose signing is gone (deleted with it): any month.
  metric_mark_signing_credits: (r) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team', x.team_id, ${month('s.signed_on')} FROM ${r} x LEFT JOIN signings s ON s.id = x.signing_id;`,
};

/** Per-project rows: their project's keys, with the row's month. */
const projectRowMarks = (rowMonth: string) => (r: string) => `
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'team', p.team_id, ${rowMonth} FROM projects p JOIN ${r} x ON x.project_id = p.id WHERE p.team_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'unit', p.region_unit_id, ${rowMonth} FROM projects p JOIN ${r} x ON x.project_id = p.id WHERE p.team_id IS NULL AND p.region_unit_id IS NOT NULL;
  INSERT INTO metric_dirty_keys (kind, key, month) SELECT DISTINCT 'teamless', NULL::uuid, ${rowMonth} FROM projects p JOIN ${r} x ON x.project_id = p.id WHERE p.team_id IS NULL;`;

const PROJECT_ROW_MONTHS: Record<string, string> = {
  metric_mark_project_progress: month('x.month'),
  metric_mark_project_funds: month('x.month'),
  metric_mark_project_plans: 'make_date(x.year, 1, 1)',
};

export class SummaryKeyMonths1796606000000 implements MigrationInterface {
    name = 'SummaryKeyMonths1796606000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('ALTER TABLE "metric_dirty_keys" ADD "month" date');
        for (const [, fn, columns] of TRIGGERS) {
            const marks = MARKS[fn];
            if (marks) await queryRunner.query(markFunction(fn, markBody(columns, marks)).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
        for (const [, fn, columns] of PROJECT_ROWS) {
            await queryRunner.query(markFunction(fn, markBody(columns, projectRowMarks(PROJECT_ROW_MONTHS[fn]!))).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const [, fn, columns, marks] of TRIGGERS) {
            if (MARKS[fn]) await queryRunner.query(markFunction(fn, markBody(columns, marks)).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
        for (const [, fn, columns] of PROJECT_ROWS) {
            await queryRunner.query(markFunction(fn, markBody(columns, projectMarks)).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
        }
        await queryRunner.query('ALTER TABLE "metric_dirty_keys" DROP COLUMN "month"');
    }
}
