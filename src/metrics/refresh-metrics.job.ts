import { Injectable } from '@nestjs/common';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName } from '../queue/jobs';
import { MetricsRefreshRegistry } from './metrics-refresh.registry';
import { MetricsService } from './metrics.service';

/**
 * Every minute: the summary views recomputed (MetricsService.refresh), skipped while another
 * process is at it; then what the higher modules keep on the figures (the rankings' stored
 * preview) recomputed here, in the worker, rather than by the first API request after it.
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
    // Nothing changed: the stored previews are still those of the current figures.
    if (result.changed) await this.afterRefresh.run();
    return result;
  }
}
