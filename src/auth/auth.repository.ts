import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { LoginThrottle, LoginThrottleScope } from './entities/login-throttle.entity';
import { RefreshToken } from './entities/refresh-token.entity';

/** A throttle key's count after one more failure. */
export interface CountedFailure {
  id: string;
  failures: number;
  locked_until: Date | null;
}

/** The auth domain's tables: refresh tokens (sign-ins) and login throttles. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The refresh token, locked until the transaction ends (two concurrent refreshes serialise); null if unknown. */
  lockRefreshToken(em: EntityManager, id: string): Promise<RefreshToken | null> {
    return em.getRepository(RefreshToken).createQueryBuilder('t').where('t.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** Seconds until the longest lock on this username at this address, or on this address, ends; null when neither is locked. */
  async lockedSeconds(username: string, address: string): Promise<number | null> {
    const [row]: Array<{ seconds: number | null }> = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds FROM login_throttles
        WHERE (scope, username, address) IN (('account', $1, $2), ('address', '', $2)) AND locked_until > now()`,
      [username, address],
    );
    return row?.seconds ?? null;
  }

  /** Forgets up to 100 throttle rows quiet for longer than `memorySeconds` and not locked. */
  async forgetQuietThrottles(em: EntityManager, memorySeconds: number): Promise<void> {
    await em.query(
      `DELETE FROM login_throttles WHERE id IN (
         SELECT id FROM login_throttles WHERE last_failure_at < now() - make_interval(secs => $1) AND (locked_until IS NULL OR locked_until < now())
          LIMIT 100)`,
      [memorySeconds],
    );
  }

  /** Clears the count of one (username, address) pair. */
  async clearAccountThrottle(username: string, address: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttles WHERE scope = 'account' AND username = $1 AND address = $2`, [username, address]);
  }

  /**
   * Counts one failure on one key, atomically (the row made if new, the count restarted after
   * `memorySeconds` of quiet, a lock of base · 2^(failures − limit) seconds, at most maxSeconds,
   * from the `limit`-th failure on); returns the key's row afterwards.
   */
  async countFailure(
    em: EntityManager,
    key: { scope: LoginThrottleScope; username: string; address: string },
    rule: { limit: number; baseSeconds: number; maxSeconds: number; memorySeconds: number },
  ): Promise<CountedFailure | undefined> {
    const { scope, username, address } = key;
    await em.query(
      `INSERT INTO login_throttles (scope, username, address, failures, last_failure_at) VALUES ($1, $2, $3, 0, now())
       ON CONFLICT (scope, username, address) DO NOTHING`,
      [scope, username, address],
    );
    const [rows]: [CountedFailure[], number] = await em.query(
      `UPDATE login_throttles t
          SET failures = c.n, last_failure_at = now(),
              locked_until = CASE WHEN c.n >= $4 THEN now() + make_interval(secs => least($5 * power(2, least(c.n - $4, 40)), $6)) END
         FROM (SELECT id, CASE WHEN last_failure_at < now() - make_interval(secs => $7) THEN 1 ELSE failures + 1 END AS n
                 FROM login_throttles WHERE scope = $1 AND username = $2 AND address = $3 FOR UPDATE) c
        WHERE t.id = c.id
       RETURNING t.id, t.failures, t.locked_until`,
      [scope, username, address, rule.limit, rule.baseSeconds, rule.maxSeconds, rule.memorySeconds],
    );
    return rows[0];
  }

  /** Current locks matching the filter, as a query the caller pages. */
  currentLocks(filter: { username?: string; address?: string; scope?: LoginThrottleScope }): SelectQueryBuilder<LoginThrottle> {
    const qb = this.dataSource.getRepository(LoginThrottle).createQueryBuilder('l').where('l.locked_until > now()');
    if (filter.username !== undefined) qb.andWhere('l.username = :username', { username: filter.username });
    if (filter.address !== undefined) qb.andWhere('l.address = :address', { address: filter.address });
    if (filter.scope !== undefined) qb.andWhere('l.scope = :scope', { scope: filter.scope });
    return qb;
  }

  /** The throttle row, locked until the transaction ends; null if unknown. */
  lockThrottle(em: EntityManager, id: string): Promise<LoginThrottle | null> {
    return em.getRepository(LoginThrottle).createQueryBuilder('l').where('l.id = :id', { id }).setLock('pessimistic_write').getOne();
  }
}
