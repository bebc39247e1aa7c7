import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, Observable, of } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { commonErrors, defineErrors } from '../errors/app-error';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;

const idempotencyErrors = defineErrors({
  IDEMPOTENCY_IN_PROGRESS: [HttpStatus.CONFLICT, '同一请求仍在处理中，请稍后刷新查看结果'],
  IDEMPOTENCY_KEY_REUSED: [HttpStatus.UNPROCESSABLE_ENTITY, '该 Idempotency-Key 已用于另一个请求'],
});

/**
 * Makes POST requests that carry an Idempotency-Key header safe to retry: the first one runs
 * and its answer is kept; a repeat (same user and key, same method, path and body) within a
 * day gets the kept answer with its status and creates nothing. A repeat while the first still
 * runs gets 409; the key on a different request, 422. A failed request keeps nothing, so its
 * retry runs afresh. Requests without the header are untouched.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const key = req.header(IDEMPOTENCY_HEADER);
    if (req.method !== 'POST' || key === undefined || !req.user) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw commonErrors('VALIDATION_FAILED', [{ field: 'Idempotency-Key', message: 'Idempotency-Key 须为 8–100 位字母、数字或 _.:-' }]);
    }
    const userId = req.user.id;
    const fingerprint = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const res = http.getResponse<Response>();
    return from(this.claim(userId, key, fingerprint)).pipe(
      mergeMap((kept) => {
        if (kept) {
          res.status(kept.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(kept.response ?? undefined);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            await this.dataSource.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE user_id = $1 AND key = $2', [
              userId,
              key,
              res.statusCode,
              body === undefined ? null : JSON.stringify(body),
            ]);
            return body;
          }),
          catchError(async (err: unknown) => {
            await this.dataSource.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key]);
            throw err;
          }),
        );
      }),
    );
  }

  /** Takes the key for this request (null: go ahead), or returns the answer kept under it. */
  private async claim(userId: string, key: string, fingerprint: string): Promise<{ status: number; response: unknown } | null> {
    // A day's keys per user are plenty for retries; older ones go as the user sends new ones.
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < now() - interval '1 day'`, [userId]);
    const inserted: unknown[] = await this.dataSource.query(
      'INSERT INTO idempotency_keys (user_id, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key',
      [userId, key, fingerprint],
    );
    if (inserted.length) return null;
    const [row] = (await this.dataSource.query('SELECT fingerprint, status, response FROM idempotency_keys WHERE user_id = $1 AND key = $2', [userId, key])) as Array<{
      fingerprint: string;
      status: number | null;
      response: unknown;
    }>;
    if (!row) return this.claim(userId, key, fingerprint); // deleted meanwhile (the first failed): take it
    if (row.fingerprint !== fingerprint) throw idempotencyErrors('IDEMPOTENCY_KEY_REUSED', [{ field: 'Idempotency-Key', message: '同一个键用于了不同的请求' }]);
    if (row.status === null) throw idempotencyErrors('IDEMPOTENCY_IN_PROGRESS');
    return { status: row.status, response: row.response };
  }
}
