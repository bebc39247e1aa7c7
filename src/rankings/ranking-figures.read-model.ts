import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { withinRegion } from '../access/region-subtree.sql';
import { countedSigning } from '../metrics/counting-rules.read-model';
import type { Attribution } from '../metrics/reporting-rules';

/** The other domains' tables the ranking's figures read. */
export const READS = ['signings', 'projects', 'teams', 'region_units'] as const;

/**
 * What a ranking scores beside the counted metrics, per team or per region unit (its whole
 * subtree): the sizes of first signings and the projects late to start. A unit reads them
 * where they land or by the team's home unit (`place`), as the unit's figures are counted.
 */
@Injectable()
export class RankingFiguresReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Amounts (万元, numeric text) of counted first signings (项目认定) in [start, end), per team or per unit. */
  async firstSigningAmounts(level: 'team' | 'unit', ids: string[], start: string, end: string, place: Attribution = 'team'): Promise<Map<string, string[]>> {
    const rows: Array<{ key: string; amount: string }> = await this.dataSource.query(
      level === 'team'
        ? `SELECT s.team_id AS key, s.amount::text FROM signings s WHERE s.kind = 'initial' AND ${countedSigning('s')} AND s.team_id = ANY($1) AND s.signed_on >= $2 AND s.signed_on < $3`
        : `SELECT u.id AS key, s.amount::text FROM signings s JOIN teams t ON t.id = s.team_id
             JOIN region_units r ON r.id = ${place === 'landing' ? 's.landing_region_unit_id' : 't.region_unit_id'}
             JOIN region_units u ON ${withinRegion('r', 'u')}
            WHERE s.kind = 'initial' AND ${countedSigning('s')} AND u.id = ANY($1) AND s.signed_on >= $2 AND s.signed_on < $3`,
      [ids, start, end],
    );
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.key, [...(map.get(r.key) ?? []), r.amount]);
    return map;
  }

  /**
   * How many projects, per team or per unit, were due to start before `asOf` (a date) and had
   * not started by then (those without any are absent).
   */
  async pastStartDeadline(level: 'team' | 'unit', ids: string[], asOf: string, place: Attribution = 'team'): Promise<Map<string, number>> {
    const notStarted = `((p.started_on IS NULL AND p.lifecycle IN ('signed', 'registered', 'preparation')) OR p.started_on > $2)`;
    const rows: Array<{ key: string; n: number }> = await this.dataSource.query(
      level === 'team'
        ? `SELECT p.team_id AS key, count(*)::int AS n FROM projects p
            WHERE p.team_id = ANY($1) AND p.planned_start_on < $2 AND ${notStarted}
            GROUP BY p.team_id`
        : `SELECT u.id AS key, count(*)::int AS n FROM projects p
             LEFT JOIN teams t ON t.id = p.team_id
             JOIN region_units r ON r.id = ${place === 'landing' ? 'COALESCE(p.region_unit_id, t.region_unit_id)' : 'COALESCE(t.region_unit_id, p.region_unit_id)'}
             JOIN region_units u ON ${withinRegion('r', 'u')}
            WHERE u.id = ANY($1) AND p.planned_start_on < $2 AND ${notStarted}
            GROUP BY u.id`,
      [ids, asOf],
    );
    return new Map(rows.map((r) => [r.key, r.n]));
  }
}
