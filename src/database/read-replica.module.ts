import { CallHandler, DynamicModule, ExecutionContext, Global, HttpException, HttpStatus, Inject, Injectable, Module, NestInterceptor, OnApplicationShutdown } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { createDataSource } from './data-source';
import { FROM_REPLICA, installReadReplica, onReplica, replicaLagSeconds } from './read-replica';

/** The replica's data source, or null when DATABASE_READ_URL is unset (every read on the primary). */
export const READ_REPLICA = Symbol('READ_REPLICA');
/** Header every answer read from the replica carries: whole seconds its data is behind. */
export const REPLICA_LAG_HEADER = 'X-Replica-Lag';

@Injectable()
class ReplicaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(READ_REPLICA) private readonly replica: DataSource | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.replica?.isInitialized) await this.replica.destroy();
  }
}

/**
 * Runs the reports and exports (see read-replica.ts for which) with their plain reads on the
 * replica and says its lag in `X-Replica-Lag`, set before the handler runs so a streamed
 * export carries it too. Without a replica it does nothing.
 */
@Injectable()
export class ReadReplicaInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_REPLICA) private readonly replica: DataSource | null,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const replica = this.replica;
    if (!replica || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method !== 'GET') return next.handle();
    const marked = this.reflector.getAllAndOverride<boolean>(FROM_REPLICA, [context.getHandler(), context.getClass()]);
    const routePath = (req.route as { path?: string } | undefined)?.path ?? '';
    if (!marked && !routePath.endsWith('xlsx')) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return from(replicaLagSeconds(replica)).pipe(
      mergeMap((lag) => {
        res.setHeader(REPLICA_LAG_HEADER, String(lag));
        // The handler runs on subscription, so inside the replica scope, and so do its continuations.
        return new Observable<unknown>((subscriber) => onReplica(replica, () => next.handle().subscribe(subscriber))).pipe(
          catchError((err: unknown) => {
            // An id the replica has not replayed yet (a ranking just published, a signing just
            // recorded) is a 404 there: the primary, which has it, answers instead.
            if (!isNotFound(err) || res.headersSent) return throwError(() => err);
            res.removeHeader(REPLICA_LAG_HEADER);
            return next.handle();
          }),
        );
      }),
    );
  }
}

function isNotFound(err: unknown): boolean {
  if (err instanceof AppError) return err.status === HttpStatus.NOT_FOUND;
  return err instanceof HttpException && err.getStatus() === HttpStatus.NOT_FOUND;
}

@Global()
@Module({})
export class ReadReplicaModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReadReplicaModule,
      providers: [
        {
          provide: READ_REPLICA,
          inject: [getDataSourceToken()],
          useFactory: async (primary: DataSource): Promise<DataSource | null> => {
            if (!config.database.readUrl) return null;
            // Its own pool, named so pg_stat_activity tells it apart; the same entities, for query builders.
            const replica = createDataSource(config.database.readUrl, { extra: { max: 10, application_name: 'zhaoshang-crm-replica' } });
            await replica.initialize();
            installReadReplica(primary);
            return replica;
          },
        },
        ReplicaLifecycle,
      ],
      exports: [READ_REPLICA],
    };
  }
}
