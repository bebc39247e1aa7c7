import { Module } from '@nestjs/common';
import { SupervisionController } from './supervision.controller';
import { SupervisionReadModel } from './supervision.read-model';
import { SupervisionService } from './supervision.service';
import { DepartmentsModule } from '../departments/departments.module';
import { CarriersModule } from '../carriers/carriers.module';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferenceModule } from '../reference/reference.module';
import { RegionsModule } from '../regions/regions.module';
import { SigningsModule } from '../signings/signings.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { ProjectFundsService } from './project-funds.service';
import { ProjectExportService } from './import/project-export.service';
import { ProjectImportController, ProjectListExportController } from './import/project-import.controller';
import { ProjectImportService } from './import/project-import.service';
import { ProjectListReadModel } from './import/project-list.read-model';
import { ProjectProblemsRepository } from './project-problems.repository';
import { ProjectProblemsService } from './project-problems.service';
import { ProjectProblemsSweepJob } from './project-problems-sweep.job';
import { ProjectProgressRemindersJob } from './project-progress-reminders.job';
import { ProgressReadModel } from './progress.read-model';
import { ProjectsController, RegistryController } from './projects.controller';
import { ProjectsProgressRepository } from './projects-progress.repository';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { RegistryExportService } from './registry-export.service';
import { RegistryReadModel } from './registry.read-model';
import { RegistryService } from './registry.service';
import { RollupLedgerReadModel } from './rollup-ledger.read-model';
import { RollupSigningJob } from './rollup-signing.job';
import { ScheduleReadModel } from './schedule.read-model';
import { ScheduleService } from './schedule.service';
import { ProgressReturnController } from './progress-return.controller';
import { ProgressReturnService } from './progress-return.service';

/**
 * The project registry (项目库) and its background work: signings roll up into projects
 * (exactly once), owners are reminded to file monthly progress, overdue problems escalate.
 * The registry reads signings through SigningsService; the pipeline never imports the registry.
 */
@Module({
  imports: [CarriersModule, DepartmentsModule, EnterprisesModule, TeamsModule, UsersModule, RegionsModule, ReferenceModule, SigningsModule, NotificationsModule],
  controllers: [ProjectsController, RegistryController, ProjectListExportController, ProjectImportController, ProgressReturnController, SupervisionController],
  providers: [
    ProjectsRepository,
    ProjectsProgressRepository,
    ProjectProblemsRepository,
    ProgressReadModel,
    RegistryReadModel,
    RollupLedgerReadModel,
    ProjectsService,
    ProjectProblemsService,
    ProjectFundsService,
    RegistryService,
    RegistryExportService,
    ProjectListReadModel,
    ProjectImportService,
    ProjectExportService,
    ScheduleReadModel,
    ScheduleService,
    ProgressReturnService,
    RollupSigningJob,
    ProjectProgressRemindersJob,
    ProjectProblemsSweepJob,
    SupervisionReadModel,
    SupervisionService,
  ],
  exports: [ProjectsService],
})
export class ProjectsModule {}
