import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { PermanentJobError } from '../queue/job-errors';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName, RollupSigningPayload } from '../queue/jobs';
import { EnsureJob, QueueReconciliation } from '../queue/queue-reconciliation';
import { SigningsService } from '../signings/signings.service';
import { ProjectsService } from './projects.service';

/**
 * Signings roll up into projects (exactly once, whatever the retries); the queue
 * reconciliation puts back the rollup of any signing the registry's ledger does not hold yet.
 */
@Injectable()
export class RollupSigningJob implements OnModuleInit {
  private readonly logger = new Logger(RollupSigningJob.name);

  constructor(
    private readonly projects: ProjectsService,
    private readonly signings: SigningsService,
    private readonly reconciliation: QueueReconciliation,
  ) {}

  onModuleInit(): void {
    this.reconciliation.register('rollups', (ensure) => this.reconcileRollups(ensure));
  }

  /** Every signing not in the ledger has its rollup job queued (or about to be): the queue may have lost it. */
  async reconcileRollups(ensure: EnsureJob): Promise<number> {
    let requeued = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids = await this.projects.signingsNotRolledUp(after, 500);
      if (ids.length === 0) return requeued;
      for (const { jobId, payload } of await this.signings.rollupJobs(ids)) {
        if (await ensure(JobName.RollupSigning, payload, { jobId })) requeued += 1;
      }
      after = ids[ids.length - 1] as string;
    }
  }

  @JobHandler(JobName.RollupSigning)
  async rollup(p: RollupSigningPayload): Promise<string> {
    let outcome: string;
    try {
      outcome = await this.projects.rollupSigning(p);
    } catch (err) {
      // A payload naming a lead or signing that does not exist will not exist on retry either.
      if (err instanceof AppError && err.status < 500) throw new PermanentJobError(`${err.code}: ${err.message}`);
      throw err;
    }
    this.logger.log(`signing ${p.signingId} (${p.kind}, ${p.amount} 万元): ${outcome}`);
    return outcome;
  }
}
