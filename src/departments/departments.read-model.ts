import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DepartmentView } from './dto/department.dto';

/** The tables of other domains this read model reads. */
export const READS = ['region_units', 'users'] as const;

interface Row {
  id: string;
  name: string;
  region_unit_id: string;
  region_name: string;
  leader_user_id: string | null;
  leader_name: string | null;
  is_active: boolean;
  accounts: number;
}

const SELECT = `
  SELECT d.id, d.name, d.region_unit_id, r.name AS region_name, d.leader_user_id, l.display_name AS leader_name, d.is_active,
         (SELECT count(*)::int FROM users a WHERE a.department_id = d.id AND a.is_active) AS accounts
    FROM departments d JOIN region_units r ON r.id = d.region_unit_id LEFT JOIN users l ON l.id = d.leader_user_id`;

/** Departments with their region's and leader's names; and the checks of what a department refers to. */
@Injectable()
export class DepartmentsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(includeInactive: boolean): Promise<DepartmentView[]> {
    const rows: Row[] = await this.dataSource.query(`${SELECT} ${includeInactive ? '' : 'WHERE d.is_active'} ORDER BY r.level, r.sort_order, r.name, d.name, d.id`);
    return rows.map(toView);
  }

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<DepartmentView | null> {
    const rows: Row[] = await em.query(`${SELECT} WHERE d.id = $1`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  }

  /** Whether the unit exists and is a city or a county (a department sits at one of those levels). */
  async isCityOrCounty(em: EntityManager, unitId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM region_units WHERE id = $1 AND level IN ('city', 'county')`, [unitId]);
    return rows.length > 0;
  }

  /** Whether the user exists, is active and is no department account (a 分管领导 is a leader of the government side). */
  async isLeaderCandidate(em: EntityManager, userId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM users WHERE id = $1 AND is_active AND role <> 'department'`, [userId]);
    return rows.length > 0;
  }
}

function toView(r: Row): DepartmentView {
  return {
    id: r.id,
    name: r.name,
    regionUnitId: r.region_unit_id,
    regionUnitName: r.region_name,
    leaderUserId: r.leader_user_id,
    leaderName: r.leader_name,
    isActive: r.is_active,
    accountCount: r.accounts,
  };
}
