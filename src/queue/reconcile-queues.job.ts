import { Injectable } from '@nestjs/common';
import { JobHandler } from './job-handler.decorator';
import { JobName, SweepPayload } from './jobs';
import { QueueReconciliation, ReconcileReport } from './queue-reconciliation';

/** The reconciliation on its own schedule (besides start-up, reconnections and the watch). */
@Injectable()
export class ReconcileQueuesJob {
  constructor(private readonly reconciliation: QueueReconciliation) {}

  @JobHandler(JobName.ReconcileQueues)
  async run(_p: SweepPayload): Promise<Omit<ReconcileReport, 'ranAt' | 'trigger'>> {
    const { rollups, followUps, schedules } = await this.reconciliation.run('schedule');
    return { rollups, followUps, schedules };
  }
}
