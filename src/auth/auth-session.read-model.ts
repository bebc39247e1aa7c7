import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACCESS_SCOPE_VERSION_SQL } from '../access/access.repository';
import { queryPrepared } from '../database/prepared';
import type { User } from '../users/entities/user.entity';

/** Foreign tables this read model names (the users domain's). */
export const READS = ['users'] as const;

/** The caller behind an access token, as every request resolves it. */
export interface SessionUserRow {
  id: string;
  username: string;
  display_name: string;
  role: User['role'];
  token_version: number;
  scope_version: string;
}

/**
 * The user and their sign-in, read together: every authenticated request asks, so it is one
 * prepared statement (one round trip, planned once per connection) rather than a call to
 * UsersService and another to the refresh tokens. The columns are those of
 * UsersService.findForToken.
 */
@Injectable()
export class AuthSessionReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The active user `userId` while sign-in `familyId` is live (not revoked, not expired); undefined otherwise. */
  async activeUserInSession(userId: string, familyId: string): Promise<SessionUserRow | undefined> {
    const [user] = await queryPrepared<SessionUserRow>(
      this.dataSource,
      `SELECT u.id, u.username, u.display_name, u.role, u.token_version, ${ACCESS_SCOPE_VERSION_SQL} AS scope_version FROM users u
        WHERE u.id = $1 AND u.is_active
          AND EXISTS (SELECT 1 FROM refresh_tokens t
                       WHERE t.family_id = $2 AND t.revoked_at IS NULL AND t.user_id = u.id AND t.expires_at > now())`,
      [userId, familyId],
    );
    return user;
  }
}
