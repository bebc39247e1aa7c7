import { Module } from '@nestjs/common';
import { FiguresReadModel } from './figures.read-model';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';
import { RefreshMetricsJob } from './refresh-metrics.job';

/** The counting rules and the figures they produce; progress, rankings and the dashboard read them here. */
@Module({ providers: [MetricsService, MetricsRepository, FiguresReadModel, RefreshMetricsJob], exports: [MetricsService] })
export class MetricsModule {}
