import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { managedUnitsSql } from '../../access/access.repository';
import { AuthUser, Role } from '../../common/auth/auth-user';
import { ProjectLevel, ProjectLifecycle, ProjectNature } from '../entities/project-enums';
import type { SqlCondition } from '../projects.repository';

/** The other domains' tables the 项目清单 export and import read: names of companies, counties, chains and owners. */
export const READS = ['enterprises', 'region_units', 'industry_chains', 'users'] as const;

/** One project of the list as the export writes it, names resolved. */
export interface ProjectListRow {
  id: string;
  created_at: Date;
  name: string;
  enterprise_name: string | null;
  credit_code: string | null;
  county_name: string | null;
  chain_name: string | null;
  nature: ProjectNature;
  is_continuing: boolean;
  level: ProjectLevel;
  lifecycle: ProjectLifecycle;
  total_investment: string;
  planned_start_on: string | null;
  started_on: string | null;
  planned_completion_on: string | null;
  capacity: string | null;
  expected_output_value: string | null;
  expected_tax: string | null;
  owner_name: string | null;
  notes: string | null;
}

export interface NamedRow {
  id: string;
  name: string;
}

export interface EnterpriseRow extends NamedRow {
  normalized_name: string;
  credit_code: string | null;
  /** False once archived (归档): a project keeps it, a new one may not name it. */
  live: boolean;
}

export interface UserRow extends NamedRow {
  phone: string | null;
  is_active: boolean;
}

/**
 * Reads of the 项目清单 (export and import) beyond the registry's own tables: the list with its
 * names, in keyset batches; and the counties, chains, companies and users a file's names may mean.
 */
@Injectable()
export class ProjectListReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The next `limit` projects of the list after `after` (created_at, id), in that order. An
   * admin's list is the whole registry; a manager's, the projects in the region units they
   * manage (whole units: the list is what their counties report); `filter` the list's filters
   * (ProjectsRepository.filterConditions).
   */
  async batch(actor: AuthUser, after: { createdAt: Date; id: string } | null, limit: number, filter: SqlCondition[] = []): Promise<ProjectListRow[]> {
    const params: Record<string, unknown> = Object.assign({ limit }, ...filter.map((c) => c.params));
    const where = filter.map((c) => c.sql);
    if (actor.role !== Role.Admin) {
      params.exportUserId = actor.id;
      where.push(`p.region_unit_id IN (${managedUnitsSql(':exportUserId')})`);
    }
    if (after) {
      Object.assign(params, { afterAt: after.createdAt, afterId: after.id });
      where.push('(p.created_at, p.id) > (:afterAt, :afterId)');
    }
    const [sql, values] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT p.id, p.created_at, p.name, e.name AS enterprise_name, e.credit_code, r.name AS county_name, c.name AS chain_name,
              p.nature, p.is_continuing, p.level, p.lifecycle, p.total_investment::text,
              p.planned_start_on::text, p.started_on::text, p.planned_completion_on::text,
              p.capacity, p.expected_output_value::text, p.expected_tax::text, u.display_name AS owner_name, p.notes
         FROM projects p
         LEFT JOIN enterprises e ON e.id = p.enterprise_id
         LEFT JOIN region_units r ON r.id = p.region_unit_id
         LEFT JOIN industry_chains c ON c.id = p.industry_chain_id
         LEFT JOIN users u ON u.id = p.owner_user_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.created_at, p.id
        LIMIT :limit`,
      params,
    );
    return this.dataSource.query(sql, values);
  }

  async counties(em: EntityManager): Promise<NamedRow[]> {
    return em.query(`SELECT id, name FROM region_units WHERE level IN ('city', 'county') ORDER BY sort_order, name`);
  }

  async chains(em: EntityManager): Promise<Array<NamedRow & { is_active: boolean }>> {
    return em.query('SELECT id, name, is_active FROM industry_chains ORDER BY sort_order, name');
  }

  /** Companies not merged away (archived ones flagged) with one of these normalised names or credit codes. */
  async enterprises(em: EntityManager, normalizedNames: string[], creditCodes: string[]): Promise<EnterpriseRow[]> {
    if (normalizedNames.length === 0 && creditCodes.length === 0) return [];
    return em.query(
      `SELECT id, name, normalized_name, credit_code, archived_at IS NULL AS live FROM enterprises
        WHERE merged_into_id IS NULL
          AND (normalized_name = ANY($1::text[]) OR credit_code = ANY($2::text[]))`,
      [normalizedNames, creditCodes],
    );
  }

  /** Users whose display name or phone is one of `keys` (inactive ones flagged: a project may keep one as its owner). */
  async users(em: EntityManager, keys: string[]): Promise<UserRow[]> {
    if (keys.length === 0) return [];
    return em.query('SELECT id, display_name AS name, phone, is_active FROM users WHERE display_name = ANY($1::text[]) OR phone = ANY($1::text[])', [keys]);
  }
}
