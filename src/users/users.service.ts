import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { DepartmentsService } from '../departments/departments.service';
import { generatePassword } from '../common/auth/password-policy';
import { notFound } from '../common/errors/app-error';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { escapeLike } from '../common/sql/like';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CreateUserDto, UpdateUserDto, UserQuery, toUserView, UserView, UserWithTeamsView } from './dto/user.dto';
import { MembershipsRepository } from '../access/memberships.repository';
import { User } from './entities/user.entity';
import { hashPassword } from './password';
import { TokenUser, UsersRepository } from './users.repository';
import { userErrors } from './users.errors';

/** Snapshot for the audit trail: a password change shows as a change of the (redacted) hash. */
const auditSnapshot = (u: User & { passwordHash?: string }) => ({ ...toUserView(u), passwordHash: u.passwordHash });

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: UsersRepository,
    private readonly memberships: MembershipsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly departments: DepartmentsService,
  ) {}

  async list(query: UserQuery): Promise<Page<UserWithTeamsView>> {
    const like = query.q ? `%${escapeLike(query.q.toLowerCase())}%` : undefined;
    const qb = this.repository.matching({ role: query.role, isActive: query.isActive, like });
    const page = await paginate(qb, query, { alias: 'u', property: 'createdAt', column: 'created_at' });
    return mapPage(page, await this.withTeams(page.items.map(toUserView)));
  }

  async get(id: string): Promise<UserView> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('user');
    return toUserView(user);
  }

  /** The user as the users page shows them, with their teams. */
  async getWithTeams(id: string): Promise<UserWithTeamsView> {
    return (await this.withTeams([await this.get(id)]))[0] as UserWithTeamsView;
  }

  /** The users with the teams each belongs to. */
  private async withTeams(users: UserView[]): Promise<UserWithTeamsView[]> {
    const teams = await this.memberships.teamsOfUsers(users.map((u) => u.id));
    return users.map((u) => ({ ...u, teams: teams.get(u.id) ?? [] }));
  }

  /** Users by id that exist and are active; used by other modules to check references. */
  async findActive(ids: string[], em: EntityManager = this.dataSource.manager): Promise<User[]> {
    if (ids.length === 0) return [];
    return this.repository.findActive(ids, em);
  }

  /**
   * How an exported sheet names each of these users so that its import finds exactly them: the
   * display name, or where another user bears it too, 「姓名（手机号）」 (or the login name without a mobile).
   */
  async sheetNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.repository.namesakes([...new Set(ids)]);
    return new Map(rows.map((u) => [u.id, !u.shared ? u.display_name : u.phone ? `${u.display_name}（${u.phone}）` : u.username]));
  }

  /** The ids of the active admins (the city's reviewers, e.g. of signings awaiting 项目认定). */
  async activeAdminIds(em: EntityManager = this.dataSource.manager): Promise<string[]> {
    return (await em.getRepository(User).find({ where: { role: Role.Admin, isActive: true }, select: { id: true } })).map((u) => u.id);
  }

  /** Whether a user with this id exists (active or not). */
  exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(User).existsBy({ id });
  }

  /** The user, locked until the transaction ends (their role cannot change meanwhile); null if unknown. */
  lockForUpdate(em: EntityManager, id: string): Promise<User | null> {
    return em.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The user's e-mail address for sending them mail: null when they have none or do not exist. */
  /** The 责任部门 a department account acts for (null for any other user). */
  async departmentIdOf(id: string): Promise<string | null> {
    return (await this.dataSource.getRepository(User).findOne({ where: { id }, select: { id: true, departmentId: true } }))?.departmentId ?? null;
  }

  async emailOf(id: string): Promise<string | null> {
    return (await this.repository.emailOf(id)) ?? null;
  }

  async create(actor: AuthUser | null, dto: CreateUserDto): Promise<UserWithTeamsView> {
    const passwordHash = await hashPassword(dto.password);
    const created = await this.dataSource.transaction(async (em) => {
      const username = dto.username.toLowerCase();
      if (await em.getRepository(User).existsBy({ username })) {
        throw userErrors('USERNAME_TAKEN', [{ field: 'username', message: `登录名 ${username} 已被使用` }]);
      }
      const departmentId = await this.departmentOf(em, dto.role, dto.departmentId ?? null);
      // A department account sees 交办单 through its department only, never through a team.
      if (departmentId && dto.teamId) throw userErrors('USER_DEPARTMENT_MISMATCH', [{ field: 'teamId', message: '责任部门账号不加入招商队' }]);
      const user = await em.getRepository(User).save(
        em.getRepository(User).create({
          username,
          displayName: dto.displayName,
          role: dto.role,
          departmentId,
          passwordHash,
          phone: dto.phone ?? null,
          email: dto.email ?? null,
        }),
      );
      // The new user joins the team in the same transaction: no user left half made on a bad team.
      if (dto.teamId) {
        if (!(await this.memberships.lockOpenTeam(em, dto.teamId))) throw userErrors('USER_TEAM_NOT_FOUND', [{ field: 'teamId', message: '招商队不存在或已归档' }]);
        await this.memberships.addMembers(em, dto.teamId, [user.id]);
      }
      await this.audit.record(em, actor, { action: 'create', entity: 'user', entityId: user.id, after: { ...auditSnapshot(user), ...(dto.teamId ? { teamIds: [dto.teamId] } : {}) } });
      return toUserView(user);
    });
    return (await this.withTeams([created]))[0] as UserWithTeamsView;
  }

  async update(actor: AuthUser, id: string, dto: UpdateUserDto): Promise<UserWithTeamsView> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const updated = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(User);
      const user = await this.repository.lockWithHash(em, id);
      if (!user) throw notFound('user');
      const before = auditSnapshot(user);
      if (dto.isActive === false && user.id === actor.id) throw userErrors('CANNOT_DEACTIVATE_SELF', [{ field: 'isActive', message: '不能停用自己的账号' }]);
      const losesAdmin = user.role === Role.Admin && user.isActive && (dto.isActive === false || (dto.role !== undefined && dto.role !== Role.Admin));
      if (losesAdmin) {
        // Serialise admin removals: two admins demoting each other at once must not both count the other.
        await this.repository.lockAdminRemovals(em);
        if ((await this.activeAdminCount(em)) <= 1) throw userErrors('LAST_ADMIN');
      }

      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.role !== undefined || dto.departmentId !== undefined) {
        const role = dto.role ?? user.role;
        // Leaving the department role drops the department unless one is (wrongly) given.
        const wanted = dto.departmentId !== undefined ? dto.departmentId : role === Role.Department ? user.departmentId : null;
        user.departmentId = await this.departmentOf(em, role, wanted);
      }
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.phone !== undefined) user.phone = dto.phone;
      if (dto.email !== undefined) user.email = dto.email;
      // Deactivation, a role change or a new password invalidates every token issued before.
      const revokes =
        (dto.isActive === false && user.isActive) || (dto.role !== undefined && dto.role !== before.role) || user.departmentId !== before.departmentId || passwordHash !== undefined;
      if (dto.isActive !== undefined) user.isActive = dto.isActive;
      if (passwordHash) user.passwordHash = passwordHash;
      if (revokes) user.tokenVersion += 1;
      await repo.save(user);
      await this.audit.record(em, actor, { action: 'update', entity: 'user', entityId: user.id, before, after: auditSnapshot(user) });
      return toUserView(user);
    });
    return (await this.withTeams([updated]))[0] as UserWithTeamsView;
  }

  /** The user signing in, with the hash sign-in verifies. */
  findForLogin(username: string): Promise<User | null> {
    return this.repository.findByUsernameWithHash(username.trim().toLowerCase());
  }

  /** What every authenticated request checks (the user still exists, is active, the token is current): one prepared statement. */
  findForToken(id: string): Promise<TokenUser | null> {
    return this.repository.findForToken(id);
  }

  /**
   * Stamps a successful sign-in and, when the stored hash was made with older parameters, stores
   * `rehash` (the same password hashed with today's) in the same statement — only if the hash
   * is still the one just verified, so a password changed meanwhile is never overwritten. The
   * token version stays: the password is the same, no session ends.
   */
  async recordLoginSuccess(id: string, rehash?: { verified: string; next: string }): Promise<void> {
    await this.repository.touchLastLogin(id, rehash);
  }

  /** Sets a user's own new password; every earlier token stops working. */
  async changeOwnPassword(actor: AuthUser, newPassword: string): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(User);
      const user = await this.repository.lockWithHash(em, actor.id);
      if (!user) throw notFound('user');
      const before = auditSnapshot(user);
      await repo.update({ id: user.id }, { passwordHash, tokenVersion: user.tokenVersion + 1 });
      await this.audit.record(em, actor, { action: 'change-password', entity: 'user', entityId: user.id, before, after: { ...before, passwordHash } });
    });
  }

  /**
   * The department a user of `role` acts for: required (and active) for a 责任部门 account, refused
   * for every other role (they reach no 交办单 through a department).
   */
  private async departmentOf(em: EntityManager, role: Role, departmentId: string | null): Promise<string | null> {
    if (role !== Role.Department) {
      if (departmentId) throw userErrors('USER_DEPARTMENT_MISMATCH', [{ field: 'departmentId', message: '只有责任部门账号可以指定所属部门' }]);
      return null;
    }
    if (!departmentId) throw userErrors('USER_DEPARTMENT_MISMATCH', [{ field: 'departmentId', message: '请选择责任部门' }]);
    return (await this.departments.requireActive(em, departmentId, 'departmentId')).id;
  }

  private async activeAdminCount(em: EntityManager): Promise<number> {
    return em.getRepository(User).countBy({ role: Role.Admin, isActive: true });
  }

  /**
   * First start with no users: create the configured admin. With no password configured
   * one is generated and printed once, since nobody could sign in otherwise.
   */
  async bootstrapAdmin(): Promise<{ username: string; generatedPassword?: string } | null> {
    if ((await this.dataSource.getRepository(User).count()) > 0) return null;
    const { username, password } = this.config.bootstrapAdmin;
    const generated = password ? undefined : generatePassword();
    await this.create(null, { username, displayName: '系统管理员', role: Role.Admin, password: password ?? (generated as string) });
    if (generated) {
      this.logger.warn(`Created admin "${username}" with generated password: ${generated} (shown once; change it after signing in)`);
    } else {
      this.logger.log(`Created admin "${username}" from ADMIN_USERNAME / ADMIN_PASSWORD`);
    }
    return { username, generatedPassword: generated };
  }
}
