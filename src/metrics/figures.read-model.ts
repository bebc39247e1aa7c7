import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withinRegion } from '../access/region-subtree.sql';
import { firstContactMonthsSql } from './counting-rules.read-model';
import { Period } from '../common/time/period';
import { MetricValues } from './metric';
import { CONTACTS_OVER_RANGE_SQL } from './counting-rules.read-model';
import { KeyedSums, SUMS, toMetricMap } from './metrics.repository';

/** A region unit as the 通报 table names it. */
export interface UnitRef {
  id: string;
  name: string;
  level: string;
}

/** The other domains' tables these figures read. */
export const READS = ['region_units', 'targets'] as const;

/**
 * Figures that read team_month_metrics and unit_month_contacts together with other domains'
 * tables: rollups over the region tree (by landing unit or by team), distinct companies
 * contacted, and the version stamp that also follows the targets.
 */
@Injectable()
export class FiguresReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Sums per region unit of `unitIds` over months [start, end) of team_month_metrics rows
   * placed by `place` — `landing_unit_id` (where they land) or `region_unit_id` (the credited
   * team's home unit) — in the unit's subtree, or (`homeOnly`) at the unit itself (市本级).
   */
  async unitSums(unitIds: string[], start: string, end: string, place: 'landing_unit_id' | 'region_unit_id', homeOnly: boolean): Promise<Map<string, MetricValues>> {
    const rows: KeyedSums[] = await this.dataSource.query(
      homeOnly
        ? `SELECT m.${place} AS key, ${SUMS} FROM team_month_metrics m
            WHERE m.${place} = ANY($1) AND m.month >= $2 AND m.month < $3 GROUP BY m.${place}`
        : `SELECT u.id AS key, ${SUMS}
             FROM region_units u
             JOIN region_units r ON ${withinRegion('r', 'u')}
             JOIN team_month_metrics m ON m.${place} = r.id
            WHERE u.id = ANY($1) AND m.month >= $2 AND m.month < $3
            GROUP BY u.id`,
      [unitIds, start, end],
    );
    return toMetricMap(unitIds, rows);
  }

  /**
   * 对接企业数 per region unit of `unitIds` over months [start, end), each company once per unit:
   * by the teams at or below the unit, or (`homeOnly`) homed at it. Within one calendar year
   * from unit_month_contacts (once a year, in its first month); across years live, once over
   * the whole range (CONTACTS_OVER_RANGE_SQL).
   */
  async unitContacts(unitIds: string[], start: string, end: string, homeOnly: boolean): Promise<Map<string, number>> {
    const lastMonth = new Date(`${end}T00:00:00Z`);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    const oneYear = start.slice(0, 4) === String(lastMonth.getUTCFullYear());
    const rows: Array<{ unit_id: string; enterprises_contacted: number }> = oneYear
      ? await this.dataSource.query(
          `SELECT c.unit_id, sum(c.enterprises_contacted)::int AS enterprises_contacted FROM unit_month_contacts c
            WHERE c.unit_id = ANY($1) AND c.home_only = $4 AND c.month >= $2 AND c.month < $3 GROUP BY c.unit_id`,
          [unitIds, start, end, homeOnly],
        )
      : await this.dataSource.query(`SELECT r.unit_id, r.enterprises_contacted FROM (${CONTACTS_OVER_RANGE_SQL}) r WHERE r.home_only = $4`, [unitIds, start, end, homeOnly]);
    const map = new Map<string, number>(unitIds.map((id) => [id, 0]));
    for (const r of rows) map.set(r.unit_id, r.enterprises_contacted);
    return map;
  }

  /** The unit and its children (the 通报 table's rows), or null if there is no such unit; the city (the root) when `unitId` is null. */
  async unitWithChildren(unitId: string | null): Promise<{ unit: UnitRef; children: UnitRef[] } | null> {
    const [unit] = (await this.dataSource.query(
      unitId ? 'SELECT id, name, level FROM region_units WHERE id = $1' : `SELECT id, name, level FROM region_units WHERE parent_id IS NULL ORDER BY level = 'city' DESC, sort_order, name LIMIT 1`,
      unitId ? [unitId] : [],
    )) as UnitRef[];
    if (!unit) return null;
    const children: UnitRef[] = await this.dataSource.query('SELECT id, name, level FROM region_units WHERE parent_id = $1 ORDER BY sort_order, name, id', [unit.id]);
    return { unit, children };
  }

  /**
   * 对接企业数 per month (`YYYY-MM`) over months [start, end) of the teams `teamIdsSql` selects
   * (null: every team), each company once however many of those teams contacted it.
   */
  async contactsByMonth(start: string, end: string, teamIdsSql: { sql: string; params: Record<string, unknown> } | null): Promise<Map<string, number>> {
    const where = ` AND i.occurred_at >= (date_trunc('year', CAST(:start AS date)) AT TIME ZONE 'Asia/Shanghai') AND i.occurred_at < (CAST(:end AS date) AT TIME ZONE 'Asia/Shanghai')${teamIdsSql ? ` AND i.team_id IN (${teamIdsSql.sql})` : ''}`;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT to_char(f.month, 'YYYY-MM') AS month, count(*)::int AS n FROM (${firstContactMonthsSql(where)}) f
        WHERE f.month >= CAST(:start AS date) AND f.month < CAST(:end AS date) GROUP BY f.month`,
      { ...(teamIdsSql?.params ?? {}), start, end },
    );
    const rows: Array<{ month: string; n: number }> = await this.dataSource.query(sql, params);
    return new Map(rows.map((r) => [r.month, r.n]));
  }

  /** The last refresh that changed the figures and the count and last change of the targets of `year` (or of one period of it). */
  async stamps(year: number, period?: Period): Promise<{ as_of: string; targets: string } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT changed_at FROM metric_refreshes)::text AS as_of,
              (SELECT count(*) || '/' || COALESCE(max(updated_at)::text, '') FROM targets
                WHERE year = $1 AND ($2::text IS NULL OR (period_type::text = $2 AND quarter = $3))) AS targets`,
      [year, period?.type ?? null, period?.quarter ?? 0],
    )) as Array<{ as_of: string; targets: string }>;
    return row;
  }
}
