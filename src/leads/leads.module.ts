import { Module } from '@nestjs/common';
import { CarriersModule } from '../carriers/carriers.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { RegionsModule } from '../regions/regions.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { LeadClaimsRepository } from './lead-claims.repository';
import { LeadClaimsService } from './lead-claims.service';
import { LeadClaimsController, LeadsController, PipelineController } from './leads.controller';
import { LeadTimelineReadModel } from './lead-timeline.read-model';
import { LeadTimelineRegistry } from './lead-timeline.registry';
import { LeadTimelineService } from './lead-timeline.service';
import { LeadViewsReadModel } from './lead-views.read-model';
import { PipelineRepository } from './leads-pipeline.repository';
import { LeadsRepository } from './leads.repository';
import { LeadClaimNotices } from './lead-claim-notices';
import { LeadsService } from './leads.service';
import { loadPipelineRules, PIPELINE_RULES } from './pipeline-rules';
import { PipelineService } from './pipeline.service';
import { loadReportingRules, REPORTING_RULES } from '../metrics/reporting-rules';
import { LeadExportController } from './export/lead-export.controller';
import { LeadExportService } from './export/lead-export.service';
import { LeadBulkService } from './lead-bulk.service';
import { LeadClaimExportService } from './export/lead-claim-export.service';

@Module({
  imports: [CarriersModule, EnterprisesModule, TeamsModule, UsersModule, RegionsModule, ReferenceModule, NotificationsModule],
  controllers: [LeadExportController, LeadsController, LeadClaimsController, PipelineController],
  providers: [{ provide: PIPELINE_RULES, useFactory: () => loadPipelineRules() }, { provide: REPORTING_RULES, useFactory: () => loadReportingRules() }, LeadExportService, LeadClaimExportService, LeadBulkService, LeadsRepository, LeadClaimsRepository, PipelineRepository, LeadViewsReadModel, LeadsService, LeadClaimsService, LeadClaimNotices, PipelineService, LeadTimelineReadModel, LeadTimelineRegistry, LeadTimelineService],
  exports: [LeadsService, LeadsRepository, PipelineService, PIPELINE_RULES, LeadTimelineRegistry],
})
export class LeadsModule {}
