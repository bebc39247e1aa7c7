import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { InteractionsController } from './interactions.controller';
import { InteractionViewsReadModel } from './interaction-views.read-model';
import { InteractionsRepository } from './interactions.repository';
import { InteractionsService } from './interactions.service';
import { loadReportingRules, REPORTING_RULES } from '../metrics/reporting-rules';
import { InteractionExportController } from './export/interaction-export.controller';
import { InteractionExportService } from './export/interaction-export.service';

@Module({
  imports: [EnterprisesModule, TeamsModule, UsersModule],
  controllers: [InteractionExportController, InteractionsController],
  providers: [{ provide: REPORTING_RULES, useFactory: () => loadReportingRules() }, InteractionExportService, InteractionsService, InteractionsRepository, InteractionViewsReadModel],
  exports: [InteractionsService],
})
export class InteractionsModule {}
