import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { Role } from '../common/auth/auth-user';
import { queryPrepared } from '../database/prepared';
import { User } from './entities/user.entity';

/** Arbitrary constant: the advisory lock taken while an admin loses the role or is deactivated. */
const ADMIN_REMOVAL_LOCK = 7_301_043;

/** What every authenticated request checks about its user. */
export type TokenUser = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'isActive' | 'tokenVersion'>;

/** The users table. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Users matching the filter (`like`: an escaped LIKE pattern on login name or lower-cased display name), as a query the caller pages. */
  matching(filter: { role?: Role; isActive?: boolean; like?: string }): SelectQueryBuilder<User> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.isActive !== undefined) qb.andWhere('u.is_active = :active', { active: filter.isActive });
    if (filter.like !== undefined) {
      const like = filter.like;
      qb.andWhere(new Brackets((w) => w.where('u.username LIKE :like', { like }).orWhere('lower(u.display_name) LIKE :like')));
    }
    return qb;
  }

  /** The users among `ids` with whether another user has the same display name. */
  async namesakes(ids: string[]): Promise<Array<{ id: string; display_name: string; username: string; phone: string | null; shared: boolean }>> {
    return this.dataSource.query(
      `SELECT u.id, u.display_name, u.username, u.phone, EXISTS (SELECT 1 FROM users o WHERE o.display_name = u.display_name AND o.id <> u.id) AS shared
         FROM users u WHERE u.id = ANY($1)`,
      [ids],
    );
  }

  /** The users among `ids` that exist and are active. */
  findActive(ids: string[], em: EntityManager = this.dataSource.manager): Promise<User[]> {
    return em.getRepository(User).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).andWhere('u.is_active').getMany();
  }

  /** The user with their password hash, locked until the transaction ends; null if unknown. */
  lockWithHash(em: EntityManager, id: string): Promise<User | null> {
    return em.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** Waits for, then holds until the transaction ends, the one lock under which an admin may lose the role. */
  async lockAdminRemovals(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_REMOVAL_LOCK]);
  }

  /** The user with this login name (already normalised), with the hash sign-in verifies; null if none. */
  findByUsernameWithHash(username: string): Promise<User | null> {
    return this.dataSource.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  }

  /** The user as an access token needs them; null if unknown. */
  async findForToken(id: string): Promise<TokenUser | null> {
    const [row] = await queryPrepared<{ id: string; username: string; display_name: string; role: User['role']; is_active: boolean; token_version: number }>(
      this.dataSource,
      'SELECT id, username, display_name, role, is_active, token_version FROM users WHERE id = $1',
      [id],
    );
    return row ? { id: row.id, username: row.username, displayName: row.display_name, role: row.role, isActive: row.is_active, tokenVersion: row.token_version } : null;
  }

  /** Stamps a successful sign-in, upgrading the hash to `rehash.next` while it is still `rehash.verified` (one statement). */
  async touchLastLogin(id: string, rehash?: { verified: string; next: string }): Promise<void> {
    if (!rehash) {
      await this.dataSource.query('UPDATE users SET last_login_at = now() WHERE id = $1', [id]);
      return;
    }
    await this.dataSource.query(
      `UPDATE users SET last_login_at = now(), password_hash = CASE WHEN password_hash = $2 THEN $3 ELSE password_hash END WHERE id = $1`,
      [id, rehash.verified, rehash.next],
    );
  }

  /** The user's e-mail address: null when they have none, undefined when there is no such user. */
  async emailOf(id: string): Promise<string | null | undefined> {
    const [user]: Array<{ email: string | null }> = await this.dataSource.query('SELECT email FROM users WHERE id = $1', [id]);
    return user ? user.email : undefined;
  }
}
