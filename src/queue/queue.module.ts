import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { QueueAdminController } from './queue-admin.controller';
import { queueBackend } from './queue-backend';
import { QueueReconciliation } from './queue-reconciliation';
import { QueueReconciliationRepository } from './queue-reconciliation.repository';
import { ReconcileQueuesJob } from './reconcile-queues.job';
import { QUEUE_BACKEND, QueueService } from './queue.service';
import { WorkersService } from './workers.service';

/** Queues, the outbox and the workers, shared by every module that schedules background work. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      controllers: [QueueAdminController],
      providers: [
        { provide: QUEUE_BACKEND, useValue: queueBackend(config, databaseUrl) },
        QueueService,
        OutboxService,
        OutboxRelay,
        OutboxRepository,
        WorkersService,
        QueueReconciliation,
        QueueReconciliationRepository,
        ReconcileQueuesJob,
      ],
      exports: [QueueService, OutboxService, OutboxRelay, WorkersService, QueueReconciliation],
    };
  }
}
