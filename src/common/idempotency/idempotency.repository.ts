import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An answer kept under an idempotency key. */
export interface KeptAnswer {
  fingerprint: string;
  status: number | null;
  response: unknown;
}

/** The idempotency keys' table and the per-key advisory lock. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Forgets the user's keys older than a day, skipping rows a running request holds. */
  async forgetExpired(userId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE user_id = $1 AND created_at < now() - interval '1 day' FOR UPDATE SKIP LOCKED)`,
      [userId],
    );
  }

  /**
   * Takes the (user, key) lock for the transaction if free; true when taken. Two int4 keys: a
   * lock space apart from the single-bigint advisory locks elsewhere.
   */
  async tryLock(em: EntityManager, userId: string, key: string): Promise<boolean> {
    const [{ locked }] = (await em.query('SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS locked', [userId, key])) as Array<{ locked: boolean }>;
    return locked;
  }

  /** The answer kept under (user, key) within the last day; undefined if none. */
  async kept(em: EntityManager, userId: string, key: string): Promise<KeptAnswer | undefined> {
    const [row] = (await em.query(`SELECT fingerprint, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at >= now() - interval '1 day'`, [
      userId,
      key,
    ])) as KeptAnswer[];
    return row;
  }

  /** Keeps the answer (status and JSON body, or null) under (user, key), replacing an older one. */
  async keep(em: EntityManager, userId: string, key: string, answer: { fingerprint: string; status: number; response: string | null }): Promise<void> {
    await em.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, response) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, response = EXCLUDED.response, created_at = now()`,
      [userId, key, answer.fingerprint, answer.status, answer.response],
    );
  }
}
