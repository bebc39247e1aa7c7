import { MigrationInterface, QueryRunner } from 'typeorm';

/** The key of a missing team, region unit or chain in a cell (a primary key holds no NULL). */
const NONE = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * 建设类型 of a project row, as ProjectsRepository's CONSTRUCTION_TYPE_SQL says it (a copy:
 * migrations import nothing from src/): 续建 if carried over, 改扩建 by nature, else 新建.
 */
const TYPE_FUNCTION = `
CREATE FUNCTION project_summary_type(p projects) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p.is_continuing THEN 'continuing' WHEN p.nature IN ('expansion', 'renovation') THEN 'rebuild' ELSE 'new' END
$$`;

/** Running totals Jan…m (element m of 12): `d` added to month `m` and every later one; m = 0 adds nothing. */
const UPTO_FUNCTION = `
CREATE FUNCTION project_summary_upto(a numeric[], m int, d numeric) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(COALESCE(a[i], 0) + CASE WHEN m BETWEEN 1 AND i THEN d ELSE 0 END ORDER BY i) FROM generate_series(1, 12) AS i
$$`;

/**
 * Adds a signed delta to a project's cell of one year: its team's cell, then the city's (always
 * in that order, so writers lock cells in one order). Plan figures are the year's; completed
 * investment, reports and starts are added to month `p_month` of the running totals.
 */
const ADD_FUNCTION = `
CREATE FUNCTION project_summary_add(p_team uuid, p_region uuid, p_chain uuid, p_type text, p_year int,
    p_plans int, p_investment numeric, p_planned numeric, p_month int, p_completed numeric, p_reports int, p_started int)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO project_summary_cells AS c (city, team_key, year, region_key, chain_key, construction_type,
         plan_projects, plan_investment, planned, completed_upto, reports_upto, started_upto)
  SELECT k.city, k.team_key, p_year, COALESCE(p_region, ${NONE}), COALESCE(p_chain, ${NONE}), p_type,
         p_plans, p_investment, p_planned, project_summary_upto(NULL, p_month, p_completed),
         project_summary_upto(NULL, p_month, p_reports)::int[], project_summary_upto(NULL, p_month, p_started)::int[]
    FROM (VALUES (false, COALESCE(p_team, ${NONE})), (true, ${NONE})) AS k(city, team_key)
   ORDER BY k.city
  ON CONFLICT (city, team_key, year, region_key, chain_key, construction_type) DO UPDATE SET
     plan_projects = c.plan_projects + EXCLUDED.plan_projects,
     plan_investment = c.plan_investment + EXCLUDED.plan_investment,
     planned = c.planned + EXCLUDED.planned,
     completed_upto = project_summary_upto(c.completed_upto, p_month, p_completed),
     reports_upto = project_summary_upto(c.reports_upto::numeric[], p_month, p_reports)::int[],
     started_upto = project_summary_upto(c.started_upto::numeric[], p_month, p_started)::int[]
$$`;

/** Everything a project adds to the cells (its year plans, monthly reports and start), times `sign`. */
const PROJECT_FUNCTION = `
CREATE FUNCTION project_summary_project(p projects, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t text := project_summary_type(p);
  r record;
BEGIN
  FOR r IN SELECT year, planned_investment FROM project_year_plans WHERE project_id = p.id ORDER BY year LOOP
    PERFORM project_summary_add(p.team_id, p.region_unit_id, p.industry_chain_id, t, r.year, sign, sign * p.total_investment, sign * r.planned_investment, 0, 0, 0, 0);
  END LOOP;
  FOR r IN SELECT extract(year FROM month)::int AS y, extract(month FROM month)::int AS m, sum(completed_investment) AS c, count(*)::int AS n
             FROM project_monthly_progress WHERE project_id = p.id GROUP BY 1, 2 ORDER BY 1, 2 LOOP
    PERFORM project_summary_add(p.team_id, p.region_unit_id, p.industry_chain_id, t, r.y, 0, 0, 0, r.m, sign * r.c, sign * r.n, 0);
  END LOOP;
  IF p.started_on IS NOT NULL THEN
    PERFORM project_summary_add(p.team_id, p.region_unit_id, p.industry_chain_id, t, extract(year FROM p.started_on)::int, 0, 0, 0,
      extract(month FROM p.started_on)::int, 0, 0, sign);
  END IF;
END
$$`;

/**
 * A project written. Deleted: a BEFORE trigger takes out all it added while its plans and reports
 * still exist (the cascade deletes them next, and their triggers then find no project). Moved to
 * another team, unit, chain or 建设类型: out of the old cells, into the new. Otherwise only what
 * changed: the total investment its plans count, its start.
 */
const PROJECT_TRIGGER_FUNCTION = `
CREATE FUNCTION project_summary_track_project() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM project_summary_project(OLD, -1);
    RETURN OLD;
  END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM project_summary_project(NEW, 1);
    RETURN NULL;
  END IF;
  IF (OLD.team_id, OLD.region_unit_id, OLD.industry_chain_id, project_summary_type(OLD)) IS DISTINCT FROM
     (NEW.team_id, NEW.region_unit_id, NEW.industry_chain_id, project_summary_type(NEW)) THEN
    PERFORM project_summary_project(OLD, -1);
    PERFORM project_summary_project(NEW, 1);
    RETURN NULL;
  END IF;
  IF OLD.total_investment IS DISTINCT FROM NEW.total_investment THEN
    FOR r IN SELECT year FROM project_year_plans WHERE project_id = NEW.id ORDER BY year LOOP
      PERFORM project_summary_add(NEW.team_id, NEW.region_unit_id, NEW.industry_chain_id, project_summary_type(NEW), r.year, 0,
        NEW.total_investment - OLD.total_investment, 0, 0, 0, 0, 0);
    END LOOP;
  END IF;
  IF OLD.started_on IS DISTINCT FROM NEW.started_on THEN
    IF OLD.started_on IS NOT NULL THEN
      PERFORM project_summary_add(OLD.team_id, OLD.region_unit_id, OLD.industry_chain_id, project_summary_type(OLD), extract(year FROM OLD.started_on)::int,
        0, 0, 0, extract(month FROM OLD.started_on)::int, 0, 0, -1);
    END IF;
    IF NEW.started_on IS NOT NULL THEN
      PERFORM project_summary_add(NEW.team_id, NEW.region_unit_id, NEW.industry_chain_id, project_summary_type(NEW), extract(year FROM NEW.started_on)::int,
        0, 0, 0, extract(month FROM NEW.started_on)::int, 0, 0, 1);
    END IF;
  END IF;
  RETURN NULL;
END
$$`;

/** A year plan written: the old row out of its project's cell, the new one in. */
const PLAN_TRIGGER_FUNCTION = `
CREATE FUNCTION project_summary_track_plan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p projects;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT * INTO p FROM projects WHERE id = OLD.project_id;
    IF FOUND THEN
      PERFORM project_summary_add(p.team_id, p.region_unit_id, p.industry_chain_id, project_summary_type(p), OLD.year, -1, -p.total_investment, -OLD.planned_investment, 0, 0, 0, 0);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT * INTO p FROM projects WHERE id = NEW.project_id;
    IF FOUND THEN
      PERFORM project_summary_add(p.team_id, p.region_unit_id, p.industry_chain_id, project_summary_type(p), NEW.year, 1, p.total_investment, NEW.planned_investment, 0, 0, 0, 0);
    END IF;
  END IF;
  RETURN NULL;
END
$$`;

/** A month's report written (filed, corrected, removed): the old row out, the new one in. */
const PROGRESS_TRIGGER_FUNCTION = `
CREATE FUNCTION project_summary_track_progress() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p projects;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT * INTO p FROM projects WHERE id = OLD.project_id;
    IF FOUND THEN
      PERFORM project_summary_add(p.team_id, p.region_unit_id, p.industry_chain_id, project_summary_type(p), extract(year FROM OLD.month)::int,
        0, 0, 0, extract(month FROM OLD.month)::int, -OLD.completed_investment, -1, 0);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT * INTO p FROM projects WHERE id = NEW.project_id;
    IF FOUND THEN
      PERFORM project_summary_add(p.team_id, p.region_unit_id, p.industry_chain_id, project_summary_type(p), extract(year FROM NEW.month)::int,
        0, 0, 0, extract(month FROM NEW.month)::int, NEW.completed_investment, 1, 0);
    END IF;
  END IF;
  RETURN NULL;
END
$$`;

/** A running-totals array expression over `value` for months 1…12 of the grouped contributions. */
const upto = (value: string) => `ARRAY[${Array.from({ length: 12 }, (_, i) => `COALESCE(sum(${value}) FILTER (WHERE x.m BETWEEN 1 AND ${i + 1}), 0)`).join(', ')}]`;

/** Recomputes every cell from the projects, plans and reports: the first fill, and after a bulk load with triggers off (bench). */
export const REBUILD_FUNCTION = `
CREATE FUNCTION project_summary_cells_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM project_summary_cells;
  INSERT INTO project_summary_cells (city, team_key, year, region_key, chain_key, construction_type,
         plan_projects, plan_investment, planned, completed_upto, reports_upto, started_upto)
  SELECT k.city, CASE WHEN k.city THEN ${NONE} ELSE COALESCE(p.team_id, ${NONE}) END, x.year,
         COALESCE(p.region_unit_id, ${NONE}), COALESCE(p.industry_chain_id, ${NONE}), project_summary_type(p),
         sum(x.plans)::int, sum(x.plans * p.total_investment), sum(x.planned),
         ${upto('x.completed')}, ${upto('x.reports')}::int[], ${upto('x.started')}::int[]
    FROM (SELECT project_id, year, 0 AS m, 1 AS plans, planned_investment AS planned, 0::numeric AS completed, 0 AS reports, 0 AS started FROM project_year_plans
          UNION ALL
          SELECT project_id, extract(year FROM month)::int, extract(month FROM month)::int, 0, 0, completed_investment, 1, 0 FROM project_monthly_progress
          UNION ALL
          SELECT id, extract(year FROM started_on)::int, extract(month FROM started_on)::int, 0, 0, 0, 0, 1 FROM projects WHERE started_on IS NOT NULL) x
    JOIN projects p ON p.id = x.project_id
   CROSS JOIN (VALUES (false), (true)) AS k(city)
   GROUP BY 1, 2, 3, 4, 5, 6
$$`;

/**
 * project_summary_cells: the registry summary's figures (项目汇总表) per team and for the whole city,
 * per project unit (县区), industry chain, 建设类型 and year — the year plans' count, total and planned
 * investment, and running totals by month of completed investment, reports filed and starts (开工).
 * Kept by triggers on projects, project_year_plans and project_monthly_progress in the writing
 * transaction, so every writer (the API, imports, the signing rollup, SQL by hand) keeps them exact;
 * the summary reads a few thousand cells instead of scanning 50,000 projects and their reports.
 * The index on projects.started_on serves the live count of starts within a month not yet over.
 */
export class RegistrySummaryCells1796603300000 implements MigrationInterface {
    name = 'RegistrySummaryCells1796603300000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "project_summary_cells" (
            "city" boolean NOT NULL, "team_key" uuid NOT NULL, "year" integer NOT NULL, "region_key" uuid NOT NULL, "chain_key" uuid NOT NULL,
            "construction_type" character varying(12) NOT NULL,
            "plan_projects" integer NOT NULL DEFAULT 0, "plan_investment" numeric NOT NULL DEFAULT 0, "planned" numeric NOT NULL DEFAULT 0,
            "completed_upto" numeric[] NOT NULL, "reports_upto" integer[] NOT NULL, "started_upto" integer[] NOT NULL,
            CONSTRAINT "pk_project_summary_cells" PRIMARY KEY ("city", "team_key", "year", "region_key", "chain_key", "construction_type")) PARTITION BY LIST ("city")`);
        // The city's cells apart: an admin's summary reads a quarter of the rows (25,638 of 111,631 in the bench) without the teams'.
        await queryRunner.query('CREATE TABLE "project_summary_cells_city" PARTITION OF "project_summary_cells" FOR VALUES IN (true)');
        await queryRunner.query('CREATE TABLE "project_summary_cells_teams" PARTITION OF "project_summary_cells" FOR VALUES IN (false)');
        await queryRunner.query('CREATE INDEX "ix_projects_started_on" ON "projects" ("started_on") ');
        for (const f of [TYPE_FUNCTION, UPTO_FUNCTION, ADD_FUNCTION, PROJECT_FUNCTION, PROJECT_TRIGGER_FUNCTION, PLAN_TRIGGER_FUNCTION, PROGRESS_TRIGGER_FUNCTION, REBUILD_FUNCTION]) {
            await queryRunner.query(f);
        }
        await queryRunner.query(`CREATE TRIGGER project_summary_track_project AFTER INSERT
            OR UPDATE OF team_id, region_unit_id, industry_chain_id, is_continuing, nature, total_investment, started_on ON projects
            FOR EACH ROW EXECUTE FUNCTION project_summary_track_project()`);
        await queryRunner.query(`CREATE TRIGGER project_summary_untrack_project BEFORE DELETE ON projects
            FOR EACH ROW EXECUTE FUNCTION project_summary_track_project()`);
        await queryRunner.query(`CREATE TRIGGER project_summary_track_plan AFTER INSERT OR DELETE OR UPDATE OF project_id, year, planned_investment ON project_year_plans
            FOR EACH ROW EXECUTE FUNCTION project_summary_track_plan()`);
        await queryRunner.query(`CREATE TRIGGER project_summary_track_progress AFTER INSERT OR DELETE OR UPDATE OF project_id, month, completed_investment ON project_monthly_progress
            FOR EACH ROW EXECUTE FUNCTION project_summary_track_progress()`);
        await queryRunner.query('SELECT project_summary_cells_rebuild()');
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('DROP TRIGGER project_summary_track_progress ON project_monthly_progress');
        await queryRunner.query('DROP TRIGGER project_summary_track_plan ON project_year_plans');
        await queryRunner.query('DROP TRIGGER project_summary_untrack_project ON projects');
        await queryRunner.query('DROP TRIGGER project_summary_track_project ON projects');
        await queryRunner.query('DROP FUNCTION project_summary_cells_rebuild()');
        await queryRunner.query('DROP FUNCTION project_summary_track_progress()');
        await queryRunner.query('DROP FUNCTION project_summary_track_plan()');
        await queryRunner.query('DROP FUNCTION project_summary_track_project()');
        await queryRunner.query('DROP FUNCTION project_summary_project(projects, int)');
        await queryRunner.query('DROP FUNCTION project_summary_add(uuid, uuid, uuid, text, int, int, numeric, numeric, int, numeric, int, int)');
        await queryRunner.query('DROP FUNCTION project_summary_upto(numeric[], int, numeric)');
        await queryRunner.query('DROP FUNCTION project_summary_type(projects)');
        await queryRunner.query('DROP INDEX "public"."ix_projects_started_on"');
        await queryRunner.query('DROP TABLE "project_summary_cells"');
    }
}
