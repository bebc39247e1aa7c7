import { Injectable } from '@nestjs/common';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName } from '../queue/jobs';
import { MetricsService } from './metrics.service';

/** Every minute: the summary views recomputed (MetricsService.refresh), skipped while another process is at it. */
@Injectable()
export class RefreshMetricsJob {
  constructor(private readonly metrics: MetricsService) {}

  @JobHandler(JobName.RefreshMetrics)
  run(): Promise<{ refreshed: boolean; ms: number }> {
    return this.metrics.refresh();
  }
}
