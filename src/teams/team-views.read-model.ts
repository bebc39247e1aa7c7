import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryPrepared } from '../database/prepared';

/** Foreign tables this read model names: the reference lists. */
export const READS = ['industry_chains', 'source_regions'] as const;

/** What a team's view shows beyond its own row, its region and leader, and its member count (AccessRepository). */
export interface TeamRefsRow {
  id: string;
  focus_chains: Array<{ id: string; name: string }>;
  focus_source_regions: Array<{ id: string; name: string }>;
}

/**
 * A page of teams' focus chains and source regions in one prepared statement, as JSON: the
 * list read them as TypeORM relations, hydrating two entity graphs per team, which cost the
 * service more CPU than the rows are worth (issue 18's profile).
 */
@Injectable()
export class TeamViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  refs(teamIds: string[]): Promise<TeamRefsRow[]> {
    return queryPrepared<TeamRefsRow>(
      this.dataSource,
      `SELECT t.id,
              COALESCE((SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.sort_order, c.name)
                          FROM team_focus_chains f JOIN industry_chains c ON c.id = f.industry_chain_id WHERE f.team_id = t.id), '[]') AS focus_chains,
              COALESCE((SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.sort_order, s.name)
                          FROM team_focus_source_regions f JOIN source_regions s ON s.id = f.source_region_id WHERE f.team_id = t.id), '[]') AS focus_source_regions
         FROM teams t WHERE t.id = ANY($1::uuid[])`,
      [teamIds],
    );
  }
}
