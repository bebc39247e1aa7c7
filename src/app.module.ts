import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { AuditModule } from './common/audit/audit.module';
import { RolesGuard } from './common/auth/roles.guard';
import { ErrorFilter } from './common/errors/error.filter';
import { createValidationPipe } from './common/errors/validation';
import { requestIdOf } from './common/http/request-context';
import { throttlingModule } from './common/throttling/throttling.module';
import { LifecycleModule } from './common/lifecycle/shutdown-signal';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { EnterprisesModule } from './enterprises/enterprises.module';
import { HealthModule } from './health/health.module';
import { InteractionsModule } from './interactions/interactions.module';
import { CarriersModule } from './carriers/carriers.module';
import { LeadsModule } from './leads/leads.module';
import { HistoryModule } from './history/history.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RankingsModule } from './rankings/rankings.module';
import { TargetsModule } from './targets/targets.module';
import { ProjectsModule } from './projects/projects.module';
import { ChainMapModule } from './chain-map/chain-map.module';
import { SearchModule } from './search/search.module';
import { QueueModule } from './queue/queue.module';
import { RemindersModule } from './reminders/reminders.module';
import { ReferenceModule } from './reference/reference.module';
import { RegionsModule } from './regions/regions.module';
import { SigningsModule } from './signings/signings.module';
import { TeamsModule } from './teams/teams.module';
import { AccessModule } from './access/access.module';
import { UsersModule } from './users/users.module';
import { DepartmentsModule } from './departments/departments.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { IdempotencyRepository } from './common/idempotency/idempotency.repository';
import { ReadReplicaInterceptor, ReadReplicaModule } from './database/read-replica.module';

/** The whole service, built from a validated config and the database it runs on. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LifecycleModule,
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            genReqId: requestIdOf,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), autoLoadEntities: false }),
        ReadReplicaModule.forRoot(config),
        // Counted in Redis or PostgreSQL, shared by every API process (not in this one's memory).
        throttlingModule(config),
        AuditModule,
        AccessModule,
        QueueModule.forRoot(config, databaseUrl),
        HealthModule,
        DepartmentsModule,
        UsersModule,
        AuthModule,
        RegionsModule,
        ReferenceModule,
        TeamsModule,
        EnterprisesModule,
        InteractionsModule,
        CarriersModule,
        LeadsModule,
        HistoryModule,
        SigningsModule,
        ProjectsModule,
        ChainMapModule,
        NotificationsModule,
        RemindersModule,
        MetricsModule,
        TargetsModule,
        RankingsModule,
        DashboardModule,
        SearchModule,
        AttachmentsModule,
        AuditLogModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: ReadReplicaInterceptor },
        IdempotencyRepository,
      ],
    };
  }
}
