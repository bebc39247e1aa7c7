import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RankingsModule } from '../rankings/rankings.module';
import { TeamsModule } from '../teams/teams.module';
import { DashboardController } from './dashboard.controller';
import { DashboardReadModel } from './dashboard.read-model';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [MetricsModule, LeadsModule, RankingsModule, TeamsModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardReadModel],
})
export class DashboardModule {}
