import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** The counting rules and the figures they produce; progress, rankings and the dashboard read them here. */
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
