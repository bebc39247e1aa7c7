import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ipaddr from 'ipaddr.js';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { authErrors } from './auth.errors';
import { AuthRepository } from './auth.repository';
import { LoginLockQuery, LoginLockView, toLoginLockView } from './dto/login-lock.dto';
import { LoginThrottle, LoginThrottleScope } from './entities/login-throttle.entity';

/** The username as sign-in compares it, and as throttles are keyed. */
export const normaliseUsername = (username: string): string => username.trim().toLowerCase().slice(0, 64);

/**
 * The source address as a throttle key: IPv4 as it is (IPv4-mapped IPv6 too), IPv6 by its /64
 * (`2001:db8:1:2::/64`), never empty. One subscriber or host is usually handed a whole /64, so
 * counting single IPv6 addresses would give an attacker 2^64 fresh starts.
 */
export function throttleAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (!ipaddr.isValid(ip)) return ip.slice(0, 64);
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts;
  return `${new ipaddr.IPv6([...parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}

const AUDIT_ENTITY = 'login-lock';

const snapshot = (row: LoginThrottle) => ({ ...toLoginLockView(row), lockedUntil: row.lockedUntil });

/**
 * Sign-in throttling as OWASP's Authentication and Credential Stuffing cheat sheets describe it:
 * failures counted per (username, source address) and per source address, in PostgreSQL so
 * every API process sees the same counts. N failures throttle that pair (or that address) for
 * LOGIN_LOCK_BASE_SECONDS, and each further failure doubles the wait up to LOGIN_LOCK_MAX_SECONDS.
 * A stranger's failures from elsewhere never stop the owner signing in from their own address,
 * and a name that does not exist counts exactly like one that does. Locks are audited; admins
 * see and lift them.
 */
@Injectable()
export class LoginLocksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly repository: AuthRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws 429 LOGIN_THROTTLED while this username or this address is throttled at this address. */
  async refuseIfLocked(username: string, address: string): Promise<void> {
    const seconds = await this.repository.lockedSeconds(username, address);
    if (seconds != null) throw authErrors('LOGIN_THROTTLED', { retryAfterSeconds: Math.max(1, seconds) });
  }

  /** Counts a failed sign-in against the pair and the address, locking either that reaches its limit; audits each lock. */
  async recordFailure(username: string, address: string): Promise<void> {
    const t = this.config.throttle;
    await this.dataSource.transaction(async (em) => {
      // Forget what has been quiet long enough: a bounded step on each failure keeps the table small.
      await this.repository.forgetQuietThrottles(em, t.failureMemorySeconds);
      // Account before address, always: concurrent failures take the row locks in one order.
      await this.count(em, LoginThrottleScope.Account, username, address, t.accountFailures);
      await this.count(em, LoginThrottleScope.Address, '', address, t.addressFailures);
    });
  }

  /** A successful sign-in clears its own pair's count; the address-wide count stays (one good account must not launder a spray). */
  async recordSuccess(username: string, address: string): Promise<void> {
    await this.repository.clearAccountThrottle(username, address);
  }

  /** Current locks, most recent failure first. */
  async list(query: LoginLockQuery): Promise<Page<LoginLockView>> {
    const qb = this.repository.currentLocks({
      username: query.username === undefined ? undefined : normaliseUsername(query.username),
      address: query.address,
      scope: query.scope,
    });
    const page = await paginate(qb, query, { alias: 'l', property: 'lastFailureAt', column: 'last_failure_at' });
    return mapPage(page, page.items.map(toLoginLockView));
  }

  /** Lifts a lock and forgets its failures, audited with the admin who did it. */
  async lift(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const row = await this.repository.lockThrottle(em, id);
      if (!row || !row.lockedUntil || row.lockedUntil <= new Date()) throw notFound('loginLock');
      await em.getRepository(LoginThrottle).delete({ id });
      await this.audit.record(em, actor, { action: 'unlock', entity: AUDIT_ENTITY, entityId: id, before: snapshot(row), after: null });
    });
  }

  /**
   * One failure on one key, atomically: the row is made if new, its count restarts after a quiet
   * LOGIN_FAILURE_MEMORY_SECONDS, and from the `limit`-th failure on each one locks the key for
   * base · 2^(failures − limit) seconds, at most the configured maximum.
   */
  private async count(em: EntityManager, scope: LoginThrottleScope, username: string, address: string, limit: number): Promise<void> {
    const t = this.config.throttle;
    const row = await this.repository.countFailure(
      em,
      { scope, username, address },
      { limit, baseSeconds: t.lockBaseSeconds, maxSeconds: t.lockMaxSeconds, memorySeconds: t.failureMemorySeconds },
    );
    if (!row?.locked_until) return;
    const lock = { scope, username: scope === LoginThrottleScope.Account ? username : null, address, failures: row.failures, lockedUntil: row.locked_until };
    await this.audit.record(em, null, { action: 'lock', entity: AUDIT_ENTITY, entityId: row.id, before: null, after: lock });
  }
}
