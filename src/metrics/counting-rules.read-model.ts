import { pathsAtOrAbove } from '../access/region-subtree.sql';

/**
 * The counting rules, written once: every number progress, rankings, the 通报 table and the
 * dashboard show comes from these views, per team (or, for projects entered without a team,
 * per their unit), per landing unit and per month (Beijing time).
 *
 * - 对接企业数 (enterprises_contacted): an enterprise counts for a team once a year, in the
 *   month of the team's first interaction with it that year — so quarters add up to the year.
 *   For a region unit it counts once however many of the unit's teams contacted it
 *   (unit_month_contacts below, UNIT_MONTH_CONTACTS_SQL; over a range spanning years,
 *   CONTACTS_OVER_RANGE_SQL counts each company once over the whole range).
 * - 走访次数 (visits): interactions of type visit (外出拜访) or inbound_visit (来访考察).
 * - 新增线索 (new_leads): leads by the team that registered them, in their creation month.
 * - 签约项目数 (signed_projects) / 签约金额 (signed_amount): the signing credits
 *   (signing_credits: the holder, or the holder and co-pursuing teams by agreed shares) of the
 *   counted signings (COUNTED_SIGNINGS: approved by 项目认定, {@link countedSigning}); a
 *   project counts once, for the holder, at its first signing; supplements add only their
 *   added amounts.
 * - 注册落地 / 开工 (projects_registered / projects_started): registry projects in the month
 *   of their registration / start date.
 * - 完成投资 (completed_investment): the monthly completed investment reported for projects.
 * - 实际到位资金 (funds_in_place): the money in place reported for projects (every source,
 *   fixed-asset or not), in the month reported, attributed like 完成投资.
 * Deleted interactions and leads never count.
 *
 * Two places for every row: region_unit_id, the home unit of the team credited (招商主体; a
 * project without a team: its own unit), and landing_unit_id, where it lands (落地旗县区 /
 * 市本级): a signing's landing_region_unit_id, a project's region_unit_id (its team's home
 * unit if it has none). Interactions, visits and new leads have no landing place: their
 * landing unit is the team's home unit, so both views count them alike.
 *
 * A read model: the rules count other domains' rows, so they name those tables here, once.
 */

/** The other domains' tables the counting rules read. */
export const READS = ['interactions', 'leads', 'signings', 'signing_credits', 'projects', 'project_monthly_progress', 'project_monthly_funds', 'teams', 'region_units'] as const;

/**
 * 项目认定: the one predicate saying whether a signing (row alias `s`) counts. A signing counts
 * once the city has approved it; where the deployment does not ask for review
 * (signingReview.required false) it is approved as it is recorded, so the rule does not depend
 * on the setting. Pending (待认定) and rejected (不予认定) signings count nowhere: not in the
 * views below, the rankings, an event's totals, the lead's signed amount or the registry.
 */
export const countedSigning = (s: string): string => `${s}.review_status = 'approved'`;

/**
 * The signings that count, the one place a condition on them goes (such as the city's review,
 * 项目认定): a CTE named counted_signings of their id, signed_on and landing unit.
 */
const COUNTED_SIGNINGS = `counted_signings AS (
  SELECT s.id, s.signed_on, s.landing_region_unit_id FROM signings s WHERE ${countedSigning('s')}
)`;

/**
 * The keys a refresh recomputes (MetricsRepository.refreshSummaries), as SQL: `ranges`, a
 * relation of the periods to recompute (a temporary table the refresh fills: kind 'team', or 'unit' — the unit's
 * projects without a team, the all-zero unit for those without a unit either —, key, and months
 * [from_month, to_month), ±infinity for every month; a key's ranges do not overlap), read by the
 * tables kept per month or year; and for the tables recomputed per key whatever the period, the
 * teams and those units (uuid[]). Rows of other keys and periods are left out.
 */
export interface SummaryKeys {
  ranges: string;
  teams: string;
  units: string;
}

/** The all-zero id: the team key of projects without a team, the unit key of those without a unit either. */
export const ZERO_KEY = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** The refresh's key of project `p`'s rows: its team, or (no team) its unit, the all-zero id if it has none (see SummaryKeys). */
export const projectKeyOf = (p: string): string => `CASE WHEN ${p}.team_id IS NULL THEN COALESCE(${p}.region_unit_id, ${ZERO_KEY}) ELSE ${p}.team_id END`;

/** Condition: range `r` is of project `p`'s key (its kind and key, as projectKeyOf). */
export const projectKeyRange = (p: string): string => `r.key = ${projectKeyOf(p)} AND r.kind = CASE WHEN ${p}.team_id IS NULL THEN 'unit' ELSE 'team' END`;

/** Beijing midnight (timestamptz) of date expression `d`: a month's first day, or ±infinity. */
const beijingStart = (d: string) => `(${d}::timestamp AT TIME ZONE 'Asia/Shanghai')`;

/** Condition: date (or, `timestamped`, timestamptz) expression `at` lies in range row `r`'s months. */
export const inRangeMonths = (r: string, at: string, timestamped = false): string =>
  timestamped
    ? `${at} >= ${beijingStart(`${r}.from_month`)} AND ${at} < ${beijingStart(`${r}.to_month`)}`
    : `${at} >= ${r}.from_month AND ${at} < ${r}.to_month`;

/** ` JOIN <ranges> r ON <condition>` when restricted to keys (each row meets at most one range), nothing otherwise. */
export const joinRanges = (keys: SummaryKeys | undefined, on: string): string => (keys ? ` JOIN ${keys.ranges} r ON ${on}` : '');

/** Condition: range `r` is a team's range holding the row of team `team` at `at`. */
const teamRange = (team: string, at: string, timestamped = false) => `r.kind = 'team' AND r.key = ${team} AND ${inRangeMonths('r', at, timestamped)}`;

/** Condition: range `r` holds project `p`'s row at date `at`: its team's range, or (no team) its unit's. */
const projectRange = (p: string, at: string) => `${projectKeyRange(p)} AND ${inRangeMonths('r', at)}`;

/**
 * Each company's first contact of the year by a team (its time first_at): over every
 * interaction, or, restricted to keys, over each range's interactions — where the range starts
 * within the year, a company the team contacted earlier that year has no first contact in it.
 */
const firstContactsSql = (keys: SummaryKeys | undefined): string =>
  keys
    ? `(SELECT i.team_id, i.enterprise_id, min(i.occurred_at) AS first_at, r.from_month
          FROM interactions i${joinRanges(keys, teamRange('i.team_id', 'i.occurred_at', true))}
         WHERE i.deleted_at IS NULL
         GROUP BY i.team_id, i.enterprise_id, extract(year FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai'), r.from_month) f
   WHERE NOT EXISTS (SELECT 1 FROM interactions e
                      WHERE e.enterprise_id = f.enterprise_id AND e.team_id = f.team_id AND e.deleted_at IS NULL
                        AND e.occurred_at >= ${beijingStart(`date_trunc('year', f.from_month::timestamp)`)} AND e.occurred_at < ${beijingStart('f.from_month')})`
    : `(SELECT team_id, enterprise_id, min(occurred_at) AS first_at
          FROM interactions WHERE deleted_at IS NULL
         GROUP BY team_id, enterprise_id, extract(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai')) f`;

/**
 * team_month_metrics' rows (every row, or those of `keys`' team and unit ranges: the teams'
 * rows, and the rows of projects without a team in the units, in the ranges' months), by the
 * rules above.
 */
export const teamMonthMetricsSql = (keys?: SummaryKeys): string => `
WITH ${COUNTED_SIGNINGS},
events AS (
  SELECT f.team_id, NULL::uuid AS project_region_id, NULL::uuid AS landing_unit_id,
         date_trunc('month', f.first_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
         'enterprises_contacted' AS metric, 1::numeric AS value
    FROM ${firstContactsSql(keys)}
  UNION ALL
  SELECT i.team_id, NULL, NULL, date_trunc('month', i.occurred_at AT TIME ZONE 'Asia/Shanghai')::date, 'visits', 1
    FROM interactions i${joinRanges(keys, teamRange('i.team_id', 'i.occurred_at', true))} WHERE i.deleted_at IS NULL AND i.type IN ('visit', 'inbound_visit')
  UNION ALL
  SELECT COALESCE(l.registered_team_id, l.team_id), NULL, NULL, date_trunc('month', l.created_at AT TIME ZONE 'Asia/Shanghai')::date, 'new_leads', 1
    FROM leads l${joinRanges(keys, teamRange('COALESCE(l.registered_team_id, l.team_id)', 'l.created_at', true))} WHERE l.deleted_at IS NULL
  UNION ALL
  SELECT c.team_id, NULL, s.landing_region_unit_id, date_trunc('month', s.signed_on)::date, 'signed_projects', c.projects
    FROM signing_credits c JOIN counted_signings s ON s.id = c.signing_id${joinRanges(keys, teamRange('c.team_id', 's.signed_on'))} WHERE c.projects > 0
  UNION ALL
  SELECT c.team_id, NULL, s.landing_region_unit_id, date_trunc('month', s.signed_on)::date, 'signed_amount', c.amount
    FROM signing_credits c JOIN counted_signings s ON s.id = c.signing_id${joinRanges(keys, teamRange('c.team_id', 's.signed_on'))}
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, p.region_unit_id, date_trunc('month', p.registered_on)::date, 'projects_registered', 1
    FROM projects p${joinRanges(keys, projectRange('p', 'p.registered_on'))} WHERE p.registered_on IS NOT NULL AND (p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL)
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, p.region_unit_id, date_trunc('month', p.started_on)::date, 'projects_started', 1
    FROM projects p${joinRanges(keys, projectRange('p', 'p.started_on'))} WHERE p.started_on IS NOT NULL AND (p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL)
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, p.region_unit_id, m.month, 'completed_investment', m.completed_investment
    FROM project_monthly_progress m JOIN projects p ON p.id = m.project_id${joinRanges(keys, projectRange('p', 'm.month'))}
   WHERE (p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL)
  UNION ALL
  SELECT p.team_id, CASE WHEN p.team_id IS NULL THEN p.region_unit_id END, p.region_unit_id, f.month, 'funds_in_place', f.amount
    FROM project_monthly_funds f JOIN projects p ON p.id = f.project_id${joinRanges(keys, projectRange('p', 'f.month'))}
   WHERE (p.team_id IS NOT NULL OR p.region_unit_id IS NOT NULL)
)
SELECT e.team_id,
       -- A non-null key (unique index, and the refresh's key of projects without a team).
       COALESCE(e.team_id, '00000000-0000-0000-0000-000000000000'::uuid) AS team_key,
       COALESCE(t.region_unit_id, e.project_region_id) AS region_unit_id,
       COALESCE(e.landing_unit_id, t.region_unit_id, e.project_region_id) AS landing_unit_id,
       e.month,
       (count(*) FILTER (WHERE e.metric = 'enterprises_contacted'))::int AS enterprises_contacted,
       (count(*) FILTER (WHERE e.metric = 'visits'))::int AS visits,
       (count(*) FILTER (WHERE e.metric = 'new_leads'))::int AS new_leads,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'signed_projects'), 0)::int AS signed_projects,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'signed_amount'), 0)::numeric(20,4) AS signed_amount,
       (count(*) FILTER (WHERE e.metric = 'projects_registered'))::int AS projects_registered,
       (count(*) FILTER (WHERE e.metric = 'projects_started'))::int AS projects_started,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'completed_investment'), 0)::numeric(20,4) AS completed_investment,
       COALESCE(sum(e.value) FILTER (WHERE e.metric = 'funds_in_place'), 0)::numeric(20,4) AS funds_in_place
  FROM events e LEFT JOIN teams t ON t.id = e.team_id
 GROUP BY e.team_id, COALESCE(t.region_unit_id, e.project_region_id), COALESCE(e.landing_unit_id, t.region_unit_id, e.project_region_id), e.month`;

/** team_month_metrics' rows, every one. */
export const TEAM_MONTH_METRICS_SQL = teamMonthMetricsSql();

/**
 * 对接企业数 of a set of teams (`where` narrows the interactions `i`, e.g. to the teams a caller
 * sees; empty: every team) as months: each company once a year, in the month of its first
 * contact that year by any of them — the rule per team above, over the set as one scope.
 */
export const firstContactMonthsSql = (where: string): string => `
SELECT date_trunc('month', min(i.occurred_at) AT TIME ZONE 'Asia/Shanghai')::date AS month
  FROM interactions i
 WHERE i.deleted_at IS NULL${where}
 GROUP BY i.enterprise_id, extract(year FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai')`;

/**
 * Who contacted which company where: per region unit `unit_id` (every level) and `home_only`
 * (false: the teams at or below the unit; true: the teams homed at the unit itself, as a 市本级
 * row reads), each enterprise once per group of `bucket` with its first contact `first_at`.
 * `where` narrows the interactions (parameters are the caller's).
 */
const contactsByUnit = (bucket: string, where: string): string => `
SELECT a.id AS unit_id, o.home_only, i.enterprise_id, min(i.occurred_at) AS first_at
  FROM interactions i
  JOIN teams t ON t.id = i.team_id
  JOIN region_units tr ON tr.id = t.region_unit_id
  JOIN region_units a ON a.path = ANY(${pathsAtOrAbove('tr')})
  JOIN (VALUES (false), (true)) o(home_only) ON NOT o.home_only OR a.id = tr.id
 WHERE i.deleted_at IS NULL${where}
 GROUP BY a.id, o.home_only, i.enterprise_id${bucket}`;

/**
 * Each enterprise's first contact of a year per region unit and home_only (unit_contact_firsts,
 * the rows unit_month_contacts counts): every enterprise's, or (`enterprises`, SQL of a uuid[])
 * those of a few, which is what a refresh recomputes after their interactions changed.
 */
export const unitContactFirstsSql = (enterprises?: string): string =>
  contactsByUnit(`, extract(year FROM i.occurred_at AT TIME ZONE 'Asia/Shanghai')`, enterprises ? ` AND i.enterprise_id = ANY(${enterprises})` : '');

/**
 * 对接企业数 per region unit and month: each enterprise once a year, in the month of its first
 * contact that year by any team of the unit (home_only: by a team homed at the unit itself),
 * counted over `firsts` — rows of {@link unitContactFirstsSql} (all of them by default; the
 * refresh passes the stored ones of the (unit, home_only, month) keys it recomputes).
 */
export const unitMonthContactsSql = (firsts = `(${unitContactFirstsSql()})`): string => `
SELECT f.unit_id, f.home_only, date_trunc('month', f.first_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
       count(*)::int AS enterprises_contacted
  FROM ${firsts} f
 GROUP BY f.unit_id, f.home_only, date_trunc('month', f.first_at AT TIME ZONE 'Asia/Shanghai')`;

export const UNIT_MONTH_CONTACTS_SQL = unitMonthContactsSql();

/**
 * 对接企业数 of units $1 (uuid[]) over months [$2, $3) (dates, Beijing time) as one stretch:
 * each enterprise once however many years the range spans (a campaign "since 2021-09").
 */
export const CONTACTS_OVER_RANGE_SQL = `
SELECT f.unit_id, f.home_only, count(*)::int AS enterprises_contacted
  FROM (${contactsByUnit('', `
   AND a.id = ANY($1::uuid[]) AND i.occurred_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')
   AND i.occurred_at < ($3::date::timestamp AT TIME ZONE 'Asia/Shanghai')`)}) f
 GROUP BY f.unit_id, f.home_only`;
