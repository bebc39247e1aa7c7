import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { RegionsModule } from '../regions/regions.module';
import { TeamsModule } from '../teams/teams.module';
import { TargetCompletionService } from './target-completion.service';
import { TargetProgressService } from './target-progress.service';
import { TargetsController } from './targets.controller';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

@Module({
  imports: [TeamsModule, RegionsModule, MetricsModule],
  controllers: [TargetsController],
  providers: [TargetsService, TargetsRepository, TargetProgressService, TargetCompletionService],
  exports: [TargetsService, TargetProgressService],
})
export class TargetsModule {}
