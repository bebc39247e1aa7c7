import { Global, Module } from '@nestjs/common';
import { FiguresReadModel } from './figures.read-model';
import { MetricsRefreshRegistry } from './metrics-refresh.registry';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { RefreshMetricsJob } from './refresh-metrics.job';
import { ReportingController } from './reporting.controller';
import { loadReportingRules, REPORTING_RULES } from './reporting-rules';
import { UnitReportService } from './unit-report.service';

/**
 * The counting rules and the figures they produce; progress, rankings and the dashboard read them here.
 * Global for the reporting conventions (config/reporting.json), which every report reads.
 */
@Global()
@Module({
  controllers: [ReportingController],
  providers: [MetricsService, UnitReportService, MetricsRepository, FiguresReadModel, RefreshMetricsJob, MetricsRefreshRegistry, { provide: REPORTING_RULES, useFactory: () => loadReportingRules() }],
  exports: [MetricsService, MetricsRefreshRegistry, REPORTING_RULES],
})
export class MetricsModule {}
