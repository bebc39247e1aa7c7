import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { TargetsModule } from '../targets/targets.module';
import { TeamsModule } from '../teams/teams.module';
import { RankingFiguresReadModel } from './ranking-figures.read-model';
import { RankingPreviewsRepository } from './ranking-previews.repository';
import { RankingsController } from './rankings.controller';
import { RankingsService } from './rankings.service';
import { DEFAULT_FORMULA, loadScoringFormula } from './scoring';

@Module({
  imports: [TargetsModule, TeamsModule, MetricsModule],
  controllers: [RankingsController],
  providers: [RankingsService, RankingFiguresReadModel, RankingPreviewsRepository, { provide: DEFAULT_FORMULA, useFactory: () => loadScoringFormula() }],
  exports: [RankingsService],
})
export class RankingsModule {}
