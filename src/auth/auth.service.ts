import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UserView } from '../users/dto/user.dto';
import { User } from '../users/entities/user.entity';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../users/password';
import { UsersService } from '../users/users.service';
import { AccessClaims } from './access-claims';
import { AuthRepository } from './auth.repository';
import { AuthSessionReadModel } from './auth-session.read-model';
import { authErrors } from './auth.errors';
import { LoginLocksService, normaliseUsername } from './login-locks.service';
import { TokenPair } from './dto/auth.dto';
import { RefreshToken } from './entities/refresh-token.entity';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** A refresh token spent this recently and presented again is a concurrent refresh, not a replay. */
const REUSE_GRACE_MS = 10_000;

@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly locks: LoginLocksService,
    private readonly repository: AuthRepository,
    private readonly sessions: AuthSessionReadModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Hash the decoy now: made on the first unknown name, it would make that answer twice as slow.
    void decoyHash();
  }

  /**
   * Signs in. An unknown name, a wrong password and a deactivated account (whatever the password)
   * answer the same 401 after the same work — one argon2 verification and one counted failure —
   * so neither the answer nor its timing tells which names exist. A throttled name or address
   * answers 429 before any verification, the same for every name.
   */
  async login(username: string, password: string, address: string, userAgent?: string): Promise<TokenPair> {
    const name = normaliseUsername(username);
    const user = await this.throttledPasswordCheck(name, address, password, (u) => u.isActive);
    if (!user) throw authErrors('INVALID_CREDENTIALS');
    await this.locks.recordSuccess(name, address);
    // A hash made with older, costlier parameters is upgraded now, while the password is at hand.
    const rehash = needsRehash(user.passwordHash) ? { verified: user.passwordHash, next: await hashPassword(password) } : undefined;
    await this.users.recordLoginSuccess(user.id, rehash);
    return this.issue(user, randomUUID(), userAgent);
  }

  /** Rotates a refresh token: the presented one is spent, a new pair is returned. */
  async refresh(presented: string, userAgent?: string): Promise<TokenPair> {
    const parsed = parseRefreshToken(presented);
    if (!parsed) throw authErrors('INVALID_REFRESH_TOKEN');
    const pair = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(RefreshToken);
      // The row lock makes two concurrent refreshes of one token serialise: only one rotates.
      const row = await this.repository.lockRefreshToken(em, parsed.id);
      if (!row || !timingSafeEqual(row.secretHash, sha256(parsed.secret))) return null;
      if (row.revokedAt) {
        // A spent token presented again means it leaked: end the whole sign-in — unless it was
        // spent moments ago, which is two tabs refreshing at once, not a thief.
        const justRotated = row.replacedById !== null && Date.now() - row.revokedAt.getTime() < REUSE_GRACE_MS;
        if (row.replacedById && !justRotated) await repo.update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return null;
      }
      if (row.expiresAt <= new Date()) return null;
      const user = await this.users.findForToken(row.userId);
      if (!user?.isActive || user.tokenVersion !== row.tokenVersion) return null;
      const next = randomUUID();
      await repo.update({ id: row.id }, { revokedAt: new Date(), replacedById: next });
      // The successor is written in the same transaction: no spent token without a replacement.
      return this.issue(user, row.familyId, userAgent, next, em);
    });
    if (!pair) throw authErrors('INVALID_REFRESH_TOKEN');
    return pair;
  }

  /** Revokes the sign-in a refresh token belongs to. Unknown tokens are ignored: the outcome is the same. */
  async logout(presented: string): Promise<void> {
    const parsed = parseRefreshToken(presented);
    if (!parsed) return;
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ id: parsed.id });
    if (!row || !timingSafeEqual(row.secretHash, sha256(parsed.secret))) return;
    await this.dataSource.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * Changes the caller's own password. A wrong current password counts against the same
   * throttle as a failed sign-in (this name, this address): a stolen access token must not turn
   * this form into an unthrottled way of guessing the password.
   */
  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string, address: string, userAgent?: string): Promise<TokenPair> {
    const user = await this.throttledPasswordCheck(normaliseUsername(actor.username), address, currentPassword);
    if (!user) throw authErrors('WRONG_PASSWORD', [{ field: 'currentPassword', message: '当前密码不正确' }]);
    if (currentPassword === newPassword) throw authErrors('SAME_PASSWORD', [{ field: 'newPassword', message: '新密码不能与当前密码相同' }]);
    await this.users.changeOwnPassword(actor, newPassword);
    const fresh = await this.users.findForToken(actor.id);
    return this.issue(fresh as User, randomUUID(), userAgent);
  }

  /**
   * A password check under the sign-in throttle, the one rule for every form that takes a
   * password: 429 while this name or address is throttled; one argon2 verification whatever the
   * name (a decoy hash for unknown ones); a failure — no such user, a wrong password, or a user
   * `accept` refuses — counted against (name, address) and answered null.
   */
  private async throttledPasswordCheck(name: string, address: string, password: string, accept: (user: User) => boolean = () => true): Promise<User | null> {
    await this.locks.refuseIfLocked(name, address);
    const user = await this.users.findForLogin(name);
    const matches = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
    if (user && matches && accept(user)) return user;
    await this.locks.recordFailure(name, address);
    return null;
  }

  /**
   * Resolves an access token's claims to the caller, or null when the token no longer counts:
   * the user is gone or inactive, their token version moved on (password, role, deactivation),
   * or the sign-in it belongs to has ended (logout, reuse of a spent refresh token, expiry).
   * Every request asks the database, in one statement (AuthSessionReadModel): every API process
   * sees a revocation at once, no cache can be stale.
   */
  async authenticate(claims: AccessClaims): Promise<AuthUser | null> {
    const user = await this.sessions.activeUserInSession(claims.sub, claims.sid);
    if (!user || user.token_version !== claims.ver) return null;
    return { id: user.id, username: user.username, displayName: user.display_name, role: user.role, scopeVersion: user.scope_version };
  }

  me(user: AuthUser): Promise<UserView> {
    return this.users.get(user.id);
  }

  private async issue(
    user: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'tokenVersion'> & Partial<User>,
    familyId: string,
    userAgent?: string,
    id: string = randomUUID(),
    em: EntityManager = this.dataSource.manager,
  ): Promise<TokenPair> {
    const claims: AccessClaims = { sub: user.id, sid: familyId, ver: user.tokenVersion, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwt.accessTtl });
    const secret = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(Date.now() + this.config.jwt.refreshTtl * 1000);
    await em.getRepository(RefreshToken).insert({
      id,
      userId: user.id,
      familyId,
      tokenVersion: user.tokenVersion,
      secretHash: sha256(secret),
      expiresAt: refreshExpiresAt,
      userAgent: userAgent?.slice(0, 256) ?? null,
    });
    const view = await this.users.get(user.id);
    return { accessToken, expiresIn: this.config.jwt.accessTtl, refreshToken: `${id}.${secret}`, refreshExpiresAt, user: view };
  }
}

function parseRefreshToken(token: string): { id: string; secret: string } | null {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1] as string, secret: m[2] as string } : null;
}

