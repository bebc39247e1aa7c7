import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { installRequestTransactions, runInRequestTransaction } from '../../database/request-transaction';
import { AuthUser } from '../auth/auth-user';
import { commonErrors, defineErrors } from '../errors/app-error';
import { IdempotencyRepository } from './idempotency.repository';

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
 *
 * Why one transaction: the key, the work and the kept answer commit together or not at all
 * (`runInRequestTransaction`: the services' own transactions become savepoints in it), so a
 * key row exists exactly when the work committed — every outcome, whatever fails when (a
 * cancelled statement, a terminated connection, a restarting database), is "done: replay" or
 * "not done: run again", and there is no clean-up that could itself fail. "Still running" is
 * a transaction-level advisory lock on (user, key), not a row: it ends with the transaction
 * and its session, so nothing can stay "in progress" after a crash. A duplicate that finds
 * the lock taken gets 409 at once instead of waiting on the first one's uncommitted row.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: IdempotencyRepository,
  ) {
    installRequestTransactions(dataSource);
  }

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
    return from(this.once(userId, key, fingerprint, res, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  /** Runs the request under its key, or answers with what is kept under it. */
  private async once(userId: string, key: string, fingerprint: string, res: Response, work: () => Promise<unknown>): Promise<unknown> {
    // A day's keys per user are plenty for retries; older ones go as the user sends new ones.
    // Outside the request's transaction, and skipping rows a running request holds.
    await this.repository.forgetExpired(userId);
    return runInRequestTransaction(this.dataSource, async (em) => {
      const kept = await this.claim(em, userId, key, fingerprint);
      if (kept) {
        res.status(kept.status);
        res.setHeader('Idempotent-Replayed', 'true');
        return kept.response ?? undefined;
      }
      const body = await work();
      await this.repository.keep(em, userId, key, { fingerprint, status: res.statusCode, response: body === undefined ? null : JSON.stringify(body) });
      return body;
    });
  }

  /** Takes the key for this transaction (null: go ahead), or returns the answer kept under it. */
  private async claim(em: EntityManager, userId: string, key: string, fingerprint: string): Promise<{ status: number; response: unknown } | null> {
    // A hash collision of two keys costs a needless 409, never a wrong answer.
    if (!(await this.repository.tryLock(em, userId, key))) throw idempotencyErrors('IDEMPOTENCY_IN_PROGRESS');
    const row = await this.repository.kept(em, userId, key);
    // No row, an expired one, or a claim without an answer left by an earlier version: run.
    if (!row || row.status === null) return null;
    if (row.fingerprint !== fingerprint) throw idempotencyErrors('IDEMPOTENCY_KEY_REUSED', [{ field: 'Idempotency-Key', message: '同一个键用于了不同的请求' }]);
    return { status: row.status, response: row.response };
  }
}
