import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, Role } from '../common/auth/auth-user';
import { DepartmentsService } from '../departments/departments.service';
import { CreateDepartmentDto } from '../departments/dto/department.dto';
import { Department } from '../departments/entities/department.entity';
import { CreateProblemDto } from '../projects/dto/problem.dto';
import { ProblemCategory } from '../projects/entities/project-enums';
import { ProjectProblem } from '../projects/entities/project-problem.entity';
import { ProjectProblemsService } from '../projects/project-problems.service';
import { RegionUnit } from '../regions/entities/region-unit.entity';
import { businessDate } from '../common/time/business-time';
import { CreateUserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { DEMO_PASSWORDS } from './demo-accounts';
import { attempt, validate } from './write-through';

export type SupervisionSeedKind = 'departments' | 'assignments';

/** The demo's 责任部门: [name, GB/T 2260 code of its city or county, 分管领导 (demo username) or none]. */
export const DEMO_DEPARTMENTS: ReadonlyArray<readonly [string, string, string | null]> = [
  ['市发改委', '150500', 'manager-city'],
  ['市自然资源局', '150500', 'manager-city'],
  ['市生态环境局', '150500', 'manager-city'],
  ['市住建局', '150500', 'manager-city'],
  ['市工信局', '150500', 'manager-city'],
  ['市能源局', '150500', 'manager-city'],
  ['开鲁县发改委', '150523', 'manager-kailu'],
];

/** The demo's department account: 市自然资源局's clerk, who lands on 督办. */
export const DEMO_DEPARTMENT_ACCOUNT = { username: 'dept-zrzy', displayName: '韩雪梅', department: '市自然资源局', title: '市自然资源局 项目服务科' } as const;

/**
 * 交办单 raised for the demo, late on purpose (限办日期 days before the day of seeding), so the 督办 page,
 * the escalation sweep and the 通报 have overdue ones: [project, department, category, problem, days].
 */
export const DEMO_ASSIGNMENTS: ReadonlyArray<readonly [string, string, ProblemCategory, string, number]> = [
  ['中国中药库伦旗蒙药材GAP种植基地一期项目', '市生态环境局', ProblemCategory.Environment, '配套饮片加工车间环评批复滞后，影响开工手续办理', -12],
  ['中粮科技科左中旗玉米收储烘干项目', '市自然资源局', ProblemCategory.Land, '烘干塔及仓储用地征收补偿未完成，建设用地批复未下达', -5],
  ['蒙牛扎鲁特旗现代牧场一期项目', '市能源局', ProblemCategory.Power, '牧场10千伏专线接入方案未批复，影响挤奶厅投运', -2],
  ['中国中药库伦旗蒙药材GAP种植基地一期项目', '市发改委', ProblemCategory.Approval, '种植基地配套加工厂项目核准材料待补正', 20],
];

interface SupervisionSeedContext {
  admin: AuthUser;
  /** Demo users by username. */
  users: Map<string, { id: string }>;
  counts: Record<SupervisionSeedKind, { created: number; existing: number }>;
  log: (line: string) => void;
}

/**
 * 督办 on the demo: the Tongliao departments, one department account, and the demo's 卡点堵点 assigned
 * as 交办单 by name — a problem whose free-text 责任部门 begins with a department's name goes to that
 * department (the old rows' text, matched once). Most are long past their 限办日期, so the 督办 page and
 * the 通报 show overdue ones. Idempotent: what exists is left as it is.
 */
export class SupervisionSeed {
  private readonly ds: DataSource;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly ctx: SupervisionSeedContext,
  ) {
    this.ds = app.get(DataSource);
  }

  async run(): Promise<void> {
    const departments = new Map<string, Department>();
    for (const [name, code, leader] of DEMO_DEPARTMENTS) {
      const dept = await this.ensureDepartment(name, code, leader);
      if (dept) departments.set(name, dept);
    }
    // The account's replies are left to the demo (and the browser journey): the seed writes only as the admin.
    await this.ensureAccount(departments.get(DEMO_DEPARTMENT_ACCOUNT.department));
    await this.assign(departments);
    for (const a of DEMO_ASSIGNMENTS) await this.ensureAssignment(departments, ...a);
  }

  private async ensureAssignment(departments: Map<string, Department>, project: string, department: string, category: ProblemCategory, description: string, days: number): Promise<void> {
    const dept = departments.get(department);
    const [row] = (await this.ds.query('SELECT id FROM projects WHERE name = $1 ORDER BY created_at LIMIT 1', [project])) as Array<{ id: string }>;
    if (!dept || !row) return;
    if (await this.ds.getRepository(ProjectProblem).existsBy({ projectId: row.id, description })) return;
    const dueOn = businessDate(new Date(Date.now() + days * 86_400_000));
    const dto = { category, description, departmentId: dept.id, dueOn };
    await attempt(`交办「${description.slice(0, 20)}」`, async () => this.app.get(ProjectProblemsService).create(this.ctx.admin, row.id, await validate(CreateProblemDto, dto)));
    this.ctx.counts.assignments.created++;
    this.ctx.log(`+ 交办单 ${department}：${description.slice(0, 24)}（限办 ${dueOn}）`);
  }

  private async ensureDepartment(name: string, code: string, leader: string | null): Promise<Department | null> {
    const unit = await this.ds.getRepository(RegionUnit).findOneBy({ code });
    if (!unit) return null;
    const found = await this.ds.getRepository(Department).findOneBy({ name, regionUnitId: unit.id });
    if (found) {
      this.ctx.counts.departments.existing++;
      return found;
    }
    const dto = { name, regionUnitId: unit.id, leaderUserId: leader ? (this.ctx.users.get(leader)?.id ?? null) : null };
    const view = await attempt(`创建责任部门「${name}」`, async () => this.app.get(DepartmentsService).create(this.ctx.admin, await validate(CreateDepartmentDto, dto)));
    this.ctx.counts.departments.created++;
    this.ctx.log(`+ 责任部门 ${name}`);
    return this.ds.getRepository(Department).findOneByOrFail({ id: view.id });
  }

  private async ensureAccount(department: Department | undefined): Promise<AuthUser | null> {
    if (!department) return null;
    const users = this.app.get(UsersService);
    const a = DEMO_DEPARTMENT_ACCOUNT;
    const found = await users.findForLogin(a.username);
    // Counted with the departments (one audit entry each, as the seed report's totals expect).
    if (found) {
      this.ctx.counts.departments.existing++;
      return { id: found.id, username: found.username, displayName: found.displayName, role: found.role };
    }
    const dto = { username: a.username, displayName: a.displayName, role: Role.Department, departmentId: department.id, password: DEMO_PASSWORDS[Role.Department] };
    const view = await attempt(`创建部门账号 ${a.username}`, async () => users.create(this.ctx.admin, await validate(CreateUserDto, dto)));
    this.ctx.counts.departments.created++;
    this.ctx.log(`+ 部门账号 ${a.username}（${a.department}）`);
    return { id: view.id, username: view.username, displayName: view.displayName, role: Role.Department };
  }

  /** The demo problems not yet assigned whose 责任部门 text begins with a department's name. */
  private async assign(departments: Map<string, Department>): Promise<void> {
    const problems = this.app.get(ProjectProblemsService);
    const names = [...departments.keys()].sort((a, b) => b.length - a.length);
    const rows = await this.ds.getRepository(ProjectProblem).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    for (const row of rows) {
      if (row.departmentId) {
        this.ctx.counts.assignments.existing++;
        continue;
      }
      const name = names.find((n) => row.responsibleDepartment.startsWith(n));
      if (!name) continue;
      const dept = departments.get(name) as Department;
      await attempt(`交办「${row.description.slice(0, 20)}」`, async () => problems.update(this.ctx.admin, row.projectId, row.id, { departmentId: dept.id }));
      this.ctx.counts.assignments.created++;
      this.ctx.log(`+ 交办单 ${name}：${row.description.slice(0, 24)}`);
    }
  }
}
