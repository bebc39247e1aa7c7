import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { memberCountSql } from '../access/access.repository';
import { Page, PageQuery, paginateRows } from '../common/pagination/page';
import { queryPrepared } from '../database/prepared';
import { Team } from './entities/team.entity';

/** Foreign tables this read model names: the reference lists. */
export const READS = ['industry_chains', 'source_regions'] as const;

type Ref = { id: string; name: string };

/** What a team's view shows beyond its own row, its region and its leader. */
export interface TeamRefsRow {
  id: string;
  member_count: number;
  focus_chains: Ref[];
  focus_source_regions: Ref[];
}

/** One team of a list page, every column of its view (TeamsService.list). */
export interface TeamRow extends TeamRefsRow {
  name: string;
  region_unit_id: string;
  region_name: string | null;
  region_level: string | null;
  leader_id: string | null;
  leader_name: string | null;
  description: string | null;
  is_archived: boolean;
  created_at: Date;
}

/** The focus chains and source regions of the team of alias `t`, as JSON lists in their sort order. */
const focusChainsSql = (t: string) =>
  `COALESCE((SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.sort_order, c.name)
     FROM team_focus_chains f JOIN industry_chains c ON c.id = f.industry_chain_id WHERE f.team_id = ${t}.id), '[]')`;
const focusSourceRegionsSql = (t: string) =>
  `COALESCE((SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.sort_order, s.name)
     FROM team_focus_source_regions f JOIN source_regions s ON s.id = f.source_region_id WHERE f.team_id = ${t}.id), '[]')`;

/**
 * A team's view as SQL, so a page of teams is one statement: the list read the lists as
 * TypeORM relations, hydrating two entity graphs per team, and asked for the member counts
 * apart, which cost the service more CPU and round trips than the rows are worth (issue 18's
 * profile). The count is AccessRepository's fragment (rosters are its tables).
 */
@Injectable()
export class TeamViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  refs(teamIds: string[]): Promise<TeamRefsRow[]> {
    return queryPrepared<TeamRefsRow>(
      this.dataSource,
      `SELECT t.id, ${memberCountSql('t')} AS member_count, ${focusChainsSql('t')} AS focus_chains, ${focusSourceRegionsSql('t')} AS focus_source_regions
         FROM teams t WHERE t.id = ANY($1::uuid[])`,
      [teamIds],
    );
  }

  /** A page of `qb` (teams as `t`, joined to their region unit `r` and leader `l`) as TeamRows, in one prepared statement. */
  page(qb: SelectQueryBuilder<Team>, query: PageQuery): Promise<Page<TeamRow>> {
    const sort = { alias: 't', property: 'createdAt', column: 'created_at', key: 'created_at', direction: 'ASC' } as const;
    return paginateRows<TeamRow, Team>(selectRows(qb), query, sort, (text, values) => queryPrepared(this.dataSource, text, values));
  }
}

/** Selects a TeamRow from `qb`. */
function selectRows(qb: SelectQueryBuilder<Team>): SelectQueryBuilder<Team> {
    return qb.select([
      't.id AS id',
      't.name AS name',
      't.region_unit_id AS region_unit_id',
      'r.name AS region_name',
      'r.level AS region_level',
      't.leader_id AS leader_id',
      'l.display_name AS leader_name',
      `${memberCountSql('t')} AS member_count`,
      `${focusChainsSql('t')} AS focus_chains`,
      `${focusSourceRegionsSql('t')} AS focus_source_regions`,
      't.description AS description',
      't.is_archived AS is_archived',
      't.created_at AS created_at',
    ]);
}
