import { Injectable } from '@nestjs/common';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName } from '../queue/jobs';
import { MetricsRefreshRegistry } from './metrics-refresh.registry';
import { MetricsService } from './metrics.service';

/**
 * Every minute: the summary views recomputed (MetricsService.refresh), skipped while another
 * process is at it; then what the higher modules keep on the figures (the rankings' stored
 * preview) brought to the current version here, in the worker, rather than by the first API
 * request after it.
 */
@Injectable()
export class RefreshMetricsJob {
  constructor(
    private readonly metrics: MetricsService,
    private readonly afterRefresh: MetricsRefreshRegistry,
  ) {}

  @JobHandler(JobName.RefreshMetrics)
  async run(): Promise<{ refreshed: boolean; changed: boolean; ms: number }> {
    const result = await this.metrics.refresh();
    // Even when nothing changed: a new day moves the previews' version (deadlines, 数据截至)
    // without a refresh. On a version already stored the handlers only check it (rankings: one
    // stamp query and this process's cache), so the first request of the day does not compute.
    await this.afterRefresh.run();
    return result;
  }
}
