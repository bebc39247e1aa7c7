import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Foreign tables the audit log reads to name what its entries are about: the record of each
 * entry (a lead's title, a team's name …), the people who acted, and the records a change
 * points at (teamId → the team's name). It writes none of them.
 */
export const READS = [
  'users',
  'teams',
  'region_units',
  'enterprises',
  'enterprise_contacts',
  'interactions',
  'leads',
  'lead_claims',
  'signings',
  'signing_events',
  'projects',
  'project_problems',
  'targets',
  'rankings',
  'industry_chains',
  'source_regions',
  'webhook_endpoints',
] as const;

/** A record as the audit log names it, and the record whose page it opens (a contact opens its company). */
export interface NamedRecord {
  id: string;
  name: string;
  link_type: string | null;
  link_id: string | null;
}

/**
 * Per audited entity type: the SQL naming its records by id (`$1`, text ids: audit ids are text).
 * Each selects id, name, link_type, link_id.
 */
const NAMING_SQL: Record<string, string> = {
  user: `SELECT id::text, display_name AS name, 'user' AS link_type, id::text AS link_id FROM users WHERE id::text = ANY($1)`,
  team: `SELECT id::text, name, 'team' AS link_type, id::text AS link_id FROM teams WHERE id::text = ANY($1)`,
  region: `SELECT id::text, name, 'region' AS link_type, id::text AS link_id FROM region_units WHERE id::text = ANY($1)`,
  enterprise: `SELECT id::text, name, 'enterprise' AS link_type, id::text AS link_id FROM enterprises WHERE id::text = ANY($1)`,
  'enterprise-contact': `SELECT c.id::text, c.name || '（' || e.name || '）' AS name, 'enterprise' AS link_type, e.id::text AS link_id
    FROM enterprise_contacts c JOIN enterprises e ON e.id = c.enterprise_id WHERE c.id::text = ANY($1)`,
  interaction: `SELECT i.id::text, e.name || ' ' || to_char(i.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || ' 对接' AS name,
    'enterprise' AS link_type, e.id::text AS link_id FROM interactions i JOIN enterprises e ON e.id = i.enterprise_id WHERE i.id::text = ANY($1)`,
  lead: `SELECT id::text, title AS name, 'lead' AS link_type, id::text AS link_id FROM leads WHERE id::text = ANY($1)`,
  'lead-claim': `SELECT c.id::text, '撞单：' || l.title AS name, 'lead-claim' AS link_type, c.id::text AS link_id
    FROM lead_claims c JOIN leads l ON l.id = c.lead_id WHERE c.id::text = ANY($1)`,
  signing: `SELECT s.id::text, l.title || ' 签约' AS name, 'lead' AS link_type, l.id::text AS link_id
    FROM signings s JOIN leads l ON l.id = s.lead_id WHERE s.id::text = ANY($1)`,
  'signing-event': `SELECT id::text, name, 'signing-event' AS link_type, id::text AS link_id FROM signing_events WHERE id::text = ANY($1)`,
  project: `SELECT id::text, name, 'project' AS link_type, id::text AS link_id FROM projects WHERE id::text = ANY($1)`,
  'project-problem': `SELECT q.id::text, p.name || '：' || left(q.description, 30) AS name, 'project' AS link_type, p.id::text AS link_id
    FROM project_problems q JOIN projects p ON p.id = q.project_id WHERE q.id::text = ANY($1)`,
  target: `SELECT t.id::text, t.year || '年' || CASE WHEN t.quarter = 0 THEN '' ELSE '第' || t.quarter || '季度' END || ' ' || coalesce(tm.name, ru.name, '') AS name,
    'target' AS link_type, t.id::text AS link_id
    FROM targets t LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN region_units ru ON ru.id = t.region_unit_id WHERE t.id::text = ANY($1)`,
  ranking: `SELECT id::text, title AS name, 'ranking' AS link_type, id::text AS link_id FROM rankings WHERE id::text = ANY($1)`,
  'industry-chain': `SELECT id::text, name, 'industry-chain' AS link_type, id::text AS link_id FROM industry_chains WHERE id::text = ANY($1)`,
  'source-region': `SELECT id::text, name, 'source-region' AS link_type, id::text AS link_id FROM source_regions WHERE id::text = ANY($1)`,
  webhook: `SELECT id::text, url AS name, NULL AS link_type, NULL AS link_id FROM webhook_endpoints WHERE id::text = ANY($1)`,
};

/** Names of audited records, by entity type; types it cannot name are answered with nothing. */
@Injectable()
export class AuditNamesReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether records of this entity type can be named. */
  names(type: string): boolean {
    return type in NAMING_SQL;
  }

  /** The records of `type` among `ids` that still exist, named. */
  async find(type: string, ids: string[]): Promise<NamedRecord[]> {
    const sql = NAMING_SQL[type];
    if (!sql || ids.length === 0) return [];
    return this.dataSource.query(sql, [ids]);
  }
}
