import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withinRegion } from '../access/region-subtree.sql';
import { Period } from '../common/time/period';
import { MetricValues } from './metric';
import { KeyedSums, SUMS, toMetricMap } from './metrics.repository';

/** The other domains' tables these figures read. */
export const READS = ['region_units', 'targets'] as const;

/**
 * Figures that read team_month_metrics together with other domains' tables: rollups over the
 * region tree, and the version stamp that also follows the targets.
 */
@Injectable()
export class FiguresReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Actuals per region unit over months [start, end): every team at or below it, and projects entered there without a team. */
  async unitTotals(unitIds: string[], start: string, end: string): Promise<Map<string, MetricValues>> {
    const rows: KeyedSums[] = await this.dataSource.query(
      `SELECT u.id AS key, ${SUMS}
         FROM region_units u
         JOIN region_units r ON ${withinRegion('r', 'u')}
         JOIN team_month_metrics m ON m.region_unit_id = r.id
        WHERE u.id = ANY($1) AND m.month >= $2 AND m.month < $3
        GROUP BY u.id`,
      [unitIds, start, end],
    );
    return toMetricMap(unitIds, rows);
  }

  /** The last refresh of the views and the count and last change of the targets of `year` (or of one period of it). */
  async stamps(year: number, period?: Period): Promise<{ as_of: string; targets: string } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT refreshed_at FROM metric_refreshes)::text AS as_of,
              (SELECT count(*) || '/' || COALESCE(max(updated_at)::text, '') FROM targets
                WHERE year = $1 AND ($2::text IS NULL OR (period_type::text = $2 AND quarter = $3))) AS targets`,
      [year, period?.type ?? null, period?.quarter ?? 0],
    )) as Array<{ as_of: string; targets: string }>;
    return row;
  }
}
