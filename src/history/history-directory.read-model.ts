import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { InteractionType } from '../interactions/entities/interaction.entity';
import type { LeadSource, LeadStage } from '../leads/entities/lead-stage';

/**
 * Foreign tables the history import reads: the names a spreadsheet uses for teams, people,
 * regions and reference data, and the leads and interactions a row may already be (by 编号 or
 * by natural key). It writes none of them: leads and interactions are written by their services.
 */
export const READS = ['teams', 'region_units', 'users', 'industry_chains', 'source_regions', 'leads', 'lead_co_teams', 'interactions', 'enterprise_contacts'] as const;

export interface NamedRow {
  id: string;
  name: string;
  /** Where it sits, to tell two of the same name apart (a team's or a region's parent). */
  place: string | null;
  inactive: boolean;
}

/** A lead as the import compares it with a row. */
export interface StoredLead {
  id: string;
  title: string;
  enterprise_id: string;
  team_id: string;
  owner_id: string;
  industry_chain_id: string;
  target_region_unit_id: string | null;
  source_region_id: string | null;
  intended_amount: string;
  expected_sign_date: string | null;
  source: LeadSource;
  is_anchor: boolean;
  stage: LeadStage;
  side_state_reason: string | null;
  notes: string | null;
  registered_on: string;
  co_team_ids: string[];
}

/** An interaction as the import compares it with a row. */
export interface StoredInteraction {
  id: string;
  enterprise_id: string;
  team_id: string;
  author_id: string;
  type: InteractionType;
  occurred_on: string;
  location: string | null;
  summary: string;
  outcome: string | null;
  next_follow_up_on: string | null;
  participant_ids: string[];
  contact_ids: string[];
}

const LEAD_COLUMNS = `l.id, l.title, l.enterprise_id, l.team_id, l.owner_id, l.industry_chain_id, l.target_region_unit_id, l.source_region_id,
  l.intended_amount::text AS intended_amount, l.expected_sign_date::text AS expected_sign_date, l.source, l.is_anchor, l.stage,
  l.side_state_reason, l.notes, (l.created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS registered_on,
  ARRAY(SELECT c.team_id FROM lead_co_teams c WHERE c.lead_id = l.id ORDER BY c.team_id) AS co_team_ids`;

const INTERACTION_COLUMNS = `i.id, i.enterprise_id, i.team_id, i.author_id, i.type, (i.occurred_at AT TIME ZONE 'Asia/Shanghai')::date::text AS occurred_on,
  i.location, i.summary, i.outcome, (i.next_follow_up_at AT TIME ZONE 'Asia/Shanghai')::date::text AS next_follow_up_on,
  ARRAY(SELECT p.user_id FROM interaction_participants p WHERE p.interaction_id = i.id ORDER BY p.user_id) AS participant_ids,
  ARRAY(SELECT c.contact_id FROM interaction_contacts c WHERE c.interaction_id = i.id ORDER BY c.contact_id) AS contact_ids`;

/** Look-ups of the history import, in the import's transaction. */
@Injectable()
export class HistoryDirectoryReadModel {
  /** One history import at a time: two would each find a row new and both create it. */
  async lockImports(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('history-import'))`);
  }

  /** Teams named `name`, or `区域/队名`. */
  teams(em: EntityManager, name: string): Promise<NamedRow[]> {
    return em.query(
      `SELECT t.id, t.name, r.name AS place, t.is_archived AS inactive FROM teams t JOIN region_units r ON r.id = t.region_unit_id
        WHERE t.name = $1 OR r.name || '/' || t.name = $1 ORDER BY r.name, t.id`,
      [name],
    );
  }

  /** Users whose name, mobile or username is `key`. */
  users(em: EntityManager, key: string): Promise<NamedRow[]> {
    return em.query(
      `SELECT id, display_name AS name, phone AS place, NOT is_active AS inactive FROM users
        WHERE display_name = $1 OR phone = $1 OR username = $1 ORDER BY display_name, id`,
      [key],
    );
  }

  /** Region units named `name`. */
  regionUnits(em: EntityManager, name: string): Promise<NamedRow[]> {
    return em.query(
      `SELECT u.id, u.name, p.name AS place, false AS inactive FROM region_units u LEFT JOIN region_units p ON p.id = u.parent_id
        WHERE u.name = $1 ORDER BY u.id`,
      [name],
    );
  }

  /** The contacts of the enterprise named `name` (archived ones too: a record keeps whom it met). */
  contacts(em: EntityManager, enterpriseId: string, name: string): Promise<NamedRow[]> {
    return em.query(
      `SELECT id, name, title AS place, false AS inactive FROM enterprise_contacts WHERE enterprise_id = $1 AND name = $2 ORDER BY id`,
      [enterpriseId, name],
    );
  }

  /** Industry chains named `name` (spaces and width aside). */
  chains(em: EntityManager, name: string): Promise<NamedRow[]> {
    return em.query(
      `SELECT id, name, NULL AS place, NOT is_active AS inactive FROM industry_chains
        WHERE regexp_replace(normalize(name, NFKC), '\\s', '', 'g') = regexp_replace(normalize($1, NFKC), '\\s', '', 'g')`,
      [name],
    );
  }

  /** Source regions named `name`. */
  sourceRegions(em: EntityManager, name: string): Promise<NamedRow[]> {
    return em.query(`SELECT id, name, NULL AS place, NOT is_active AS inactive FROM source_regions WHERE name = $1`, [name]);
  }

  async lead(em: EntityManager, id: string): Promise<StoredLead | null> {
    const rows: StoredLead[] = await em.query(`SELECT ${LEAD_COLUMNS} FROM leads l WHERE l.id = $1 AND l.deleted_at IS NULL`, [id]);
    return rows[0] ?? null;
  }

  /** The live lead with this enterprise, team and title: the natural key of a lead row. */
  async leadByKey(em: EntityManager, enterpriseId: string, teamId: string, title: string): Promise<StoredLead | null> {
    const rows: StoredLead[] = await em.query(
      `SELECT ${LEAD_COLUMNS} FROM leads l WHERE l.enterprise_id = $1 AND l.team_id = $2 AND l.title = $3 AND l.deleted_at IS NULL ORDER BY l.created_at LIMIT 1`,
      [enterpriseId, teamId, title],
    );
    return rows[0] ?? null;
  }

  async interaction(em: EntityManager, id: string): Promise<StoredInteraction | null> {
    const rows: StoredInteraction[] = await em.query(`SELECT ${INTERACTION_COLUMNS} FROM interactions i WHERE i.id = $1 AND i.deleted_at IS NULL`, [id]);
    return rows[0] ?? null;
  }

  /**
   * The live interaction with this enterprise, team, kind, day (Beijing) and content (by digest):
   * the natural key of an interaction row.
   */
  async interactionByKey(em: EntityManager, key: { enterpriseId: string; teamId: string; type: InteractionType; occurredOn: string; summary: string }): Promise<StoredInteraction | null> {
    const rows: StoredInteraction[] = await em.query(
      `SELECT ${INTERACTION_COLUMNS} FROM interactions i
        WHERE i.enterprise_id = $1 AND i.team_id = $2 AND i.type = $3 AND i.deleted_at IS NULL
          AND i.occurred_at >= ($4::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND i.occurred_at < ($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND md5(i.summary) = md5($5)
        ORDER BY i.created_at LIMIT 1`,
      [key.enterpriseId, key.teamId, key.type, key.occurredOn, key.summary],
    );
    return rows[0] ?? null;
  }
}
