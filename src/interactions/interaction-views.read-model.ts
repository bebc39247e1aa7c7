import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Page, PAGE_TOTAL, PageQuery, paginateRows } from '../common/pagination/page';
import { queryPrepared } from '../database/prepared';
import { teamSheetNameSql } from '../teams/team-sheet-name.read-model';
import { Interaction } from './entities/interaction.entity';

/** Foreign tables the interaction views read: the names of enterprises, contacts, teams and people. */
export const READS = ['enterprise_contacts', 'enterprises', 'teams', 'users'] as const;

/** One row of the interaction views statement. */
export interface InteractionViewRow {
  id: string;
  type: Interaction['type'];
  occurred_at: Date;
  location: string | null;
  summary: string;
  outcome: string | null;
  next_follow_up_at: Date | null;
  follow_up_done_at: Date | null;
  created_at: Date;
  updated_at: Date;
  enterprise_id: string;
  enterprise_name: string | null;
  enterprise_credit_code: string | null;
  team_id: string;
  team_name: string | null;
  /** The team as a sheet names it: 「区域/队名」 where another team bears its name. */
  team_sheet_name: string | null;
  author_id: string;
  author_name: string | null;
  participants: Array<{ id: string; name: string }>;
  contacts: Array<{ id: string; name: string; title: string | null; mobile: string | null; landline: string | null }>;
}

/** An interaction's follow-up as a reminder reads it, with the enterprise's name and the participants. */
export interface FollowUpStateRow {
  id: string;
  team_id: string;
  author_id: string;
  name: string;
  summary: string;
  next_follow_up_at: Date | null;
  follow_up_done_at: Date | null;
  deleted_at: Date | null;
  follow_up_version: number;
  participants: string[];
}

/**
 * The view rows of the interactions `from` names as `i` (names joined, participants and
 * contacts as JSON arrays in a fixed order), with `extra` columns.
 */
function viewSql(from: string, extra?: string): string {
  return `SELECT i.id, i.type, i.occurred_at, i.location, i.summary, i.outcome, i.next_follow_up_at, i.follow_up_done_at, i.created_at, i.updated_at,
              i.enterprise_id, e.name AS enterprise_name, e.credit_code AS enterprise_credit_code, i.team_id, t.name AS team_name, ${teamSheetNameSql('t')} AS team_sheet_name, i.author_id, a.display_name AS author_name,
              COALESCE((SELECT json_agg(json_build_object('id', u.id, 'name', u.display_name) ORDER BY u.display_name, u.id)
                          FROM interaction_participants ip JOIN users u ON u.id = ip.user_id WHERE ip.interaction_id = i.id), '[]') AS participants,
              COALESCE((SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'title', c.title, 'mobile', c.mobile, 'landline', c.landline) ORDER BY c.name, c.id)
                          FROM interaction_contacts ic JOIN enterprise_contacts c ON c.id = ic.contact_id WHERE ic.interaction_id = i.id), '[]') AS contacts${extra ? `, ${extra}` : ''}
         FROM ${from}
         LEFT JOIN enterprises e ON e.id = i.enterprise_id
         LEFT JOIN teams t ON t.id = i.team_id
         LEFT JOIN users a ON a.id = i.author_id`;
}

/** Interactions as the API and the reminders show them, names joined in one statement. */
@Injectable()
export class InteractionViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The interactions' rows with names joined, participants and contacts as JSON arrays (in no
   * particular order). Archived contacts and enterprises are included.
   */
  rows(ids: string[]): Promise<InteractionViewRow[]> {
    // Prepared: every list page and export batch asks, and planning it (names, participants,
    // contacts and the sheet name: 8–18 ms) cost more than running it (~1 ms warm).
    return queryPrepared<InteractionViewRow>(this.dataSource, `${viewSql('interactions i')} WHERE i.id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * A page of `qb` (interactions as `i`, scoped and filtered), newest first, as view rows in one
   * prepared statement: the keyset page, its total and every row's names, participants and
   * contacts, instead of a TypeORM page hydrated into entities and a second statement for the
   * views (issue 18: each round trip cost the service ~0.3–1 ms of CPU).
   */
  page(qb: SelectQueryBuilder<Interaction>, query: PageQuery): Promise<Page<InteractionViewRow>> {
    qb.select(['i.id AS id', 'i.occurred_at AS occurred_at']);
    const sort = { alias: 'i', property: 'occurredAt', column: 'occurred_at', key: 'occurred_at', direction: 'DESC' } as const;
    return paginateRows<InteractionViewRow, Interaction>(qb, query, sort, (text, values) =>
      queryPrepared(
        this.dataSource,
        `WITH page AS (${text})
         ${viewSql('page p JOIN interactions i ON i.id = p.id', `p.${PAGE_TOTAL}`)}
         ORDER BY i.occurred_at DESC, i.id DESC`,
        values,
      ),
    );
  }

  /** The interaction's follow-up state (deleted ones included), or null for an unknown id. */
  async followUpState(id: string): Promise<FollowUpStateRow | null> {
    return (await this.followUpStates([id]))[0] ?? null;
  }

  /** The follow-up states of these interactions (deleted ones included) in one statement; unknown ids are absent. */
  followUpStates(ids: string[]): Promise<FollowUpStateRow[]> {
    return this.dataSource.query(
      `SELECT i.id, i.team_id, i.author_id, e.name, i.summary, i.next_follow_up_at, i.follow_up_done_at, i.deleted_at, i.follow_up_version,
              COALESCE((SELECT array_agg(p.user_id) FROM interaction_participants p WHERE p.interaction_id = i.id), '{}') AS participants
         FROM interactions i JOIN enterprises e ON e.id = i.enterprise_id
        WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
  }
}
