import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeadStage } from '../leads/entities/lead-stage';

/** The other domains' tables the chain map reads: the companies, their leads and projects, and names. */
export const READS = ['enterprises', 'leads', 'projects', 'teams'] as const;

/** A scope predicate (on `leads l` or `projects p`) with its named parameters, as src/access and the registry give it. */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** One link of the graph with its counts and the period's figures (numeric text for the amount). */
export interface GraphLinkRow {
  id: string;
  chain_id: string;
  segment: string;
  name: string;
  key_products: string | null;
  sort_order: number;
  local: number;
  landed: number;
  target: number;
  leads: number;
  signed_projects: number;
  signed_amount: string | null;
}

export interface LinkCompanyRow {
  enterprise_id: string;
  enterprise_name: string;
  placement: string;
  note: string | null;
  lead_count: number;
}

export interface LinkLeadRow {
  id: string;
  title: string;
  enterprise_id: string;
  enterprise_name: string;
  stage: LeadStage;
  team_id: string;
  team_name: string;
  intended_amount: string;
  created_at: Date;
}

/**
 * The chain map's reads. A link's leads and projects are those of the companies placed on it in
 * the link's own chain (a company's lead for another chain belongs to that chain's map), within
 * the caller's scope as the lead list and the registry apply it (conditions given by the caller).
 */
@Injectable()
export class ChainMapReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every link of a chain with its placement counts, and per link the leads registered and the
   * projects signed in [start, end) (Beijing dates), in one statement.
   */
  async graph(chainId: string, start: string, end: string, leadScope: SqlCondition | null, projectScope: SqlCondition | null): Promise<GraphLinkRow[]> {
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT k.id, k.chain_id, k.segment, k.name, k.key_products, k.sort_order,
              count(*) FILTER (WHERE c.placement = 'local')::int AS local,
              count(*) FILTER (WHERE c.placement = 'landed')::int AS landed,
              count(*) FILTER (WHERE c.placement = 'target')::int AS target,
              (SELECT count(*)::int FROM leads l
                WHERE l.deleted_at IS NULL AND l.industry_chain_id = k.chain_id
                  AND l.enterprise_id IN (SELECT c2.enterprise_id FROM chain_link_companies c2 WHERE c2.link_id = k.id)
                  AND l.created_at >= (:start::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
                  AND l.created_at < (:end::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
                  ${leadScope ? `AND ${leadScope.sql}` : ''}) AS leads,
              pj.n AS signed_projects, pj.amount AS signed_amount
         FROM chain_links k
         LEFT JOIN chain_link_companies c ON c.link_id = k.id
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS n, sum(p.signed_amount)::text AS amount FROM projects p
            WHERE p.industry_chain_id = k.chain_id
              AND p.enterprise_id IN (SELECT c3.enterprise_id FROM chain_link_companies c3 WHERE c3.link_id = k.id)
              AND p.signed_on >= :start::date AND p.signed_on < :end::date
              ${projectScope ? `AND ${projectScope.sql}` : ''}) pj
        WHERE k.chain_id = :chainId
        GROUP BY k.id, pj.n, pj.amount
        ORDER BY k.segment, k.sort_order, k.name`,
      { ...leadScope?.params, ...projectScope?.params, chainId, start, end },
    );
    return this.dataSource.query(sql, params);
  }

  /** The companies on a link, with how many of their live leads in the link's chain the caller sees. */
  async companies(linkId: string, leadScope: SqlCondition | null): Promise<LinkCompanyRow[]> {
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT c.enterprise_id, e.name AS enterprise_name, c.placement, c.note,
              (SELECT count(*)::int FROM leads l
                WHERE l.deleted_at IS NULL AND l.enterprise_id = c.enterprise_id AND l.industry_chain_id = k.chain_id
                  AND l.stage <> '${LeadStage.Lost}'
                  ${leadScope ? `AND ${leadScope.sql}` : ''}) AS lead_count
         FROM chain_link_companies c
         JOIN chain_links k ON k.id = c.link_id
         JOIN enterprises e ON e.id = c.enterprise_id
        WHERE c.link_id = :linkId
        ORDER BY CASE c.placement WHEN 'local' THEN 0 WHEN 'landed' THEN 1 ELSE 2 END, e.name`,
      { ...leadScope?.params, linkId },
    );
    return this.dataSource.query(sql, params);
  }

  /** The live leads, in the link's chain, of the companies on a link that the caller sees; newest first. */
  async leads(linkId: string, leadScope: SqlCondition | null, limit: number): Promise<LinkLeadRow[]> {
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT l.id, l.title, l.enterprise_id, e.name AS enterprise_name, l.stage, l.team_id, t.name AS team_name,
              l.intended_amount::text AS intended_amount, l.created_at
         FROM leads l
         JOIN chain_links k ON k.id = :linkId AND l.industry_chain_id = k.chain_id
         JOIN enterprises e ON e.id = l.enterprise_id
         JOIN teams t ON t.id = l.team_id
        WHERE l.deleted_at IS NULL
          AND l.enterprise_id IN (SELECT c.enterprise_id FROM chain_link_companies c WHERE c.link_id = :linkId)
          ${leadScope ? `AND ${leadScope.sql}` : ''}
        ORDER BY l.created_at DESC, l.id
        LIMIT ${Math.trunc(limit)}`,
      { ...leadScope?.params, linkId },
    );
    return this.dataSource.query(sql, params);
  }
}
