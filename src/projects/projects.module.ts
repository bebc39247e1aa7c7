import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { ReferenceModule } from '../reference/reference.module';
import { RegionsModule } from '../regions/regions.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { PROJECT_REGISTRY } from './project-registry.port';
import { ProjectProblemsService } from './project-problems.service';
import { ProjectsController, RegistryController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { RegistryService } from './registry.service';

/**
 * The project registry (项目库). ProjectsService is exported, also as PROJECT_REGISTRY, for the
 * background jobs: rollupSigning (signing → project, exactly once), projectsDueForProgressReport
 * and overdueProblems.
 */
@Module({
  imports: [EnterprisesModule, TeamsModule, UsersModule, RegionsModule, ReferenceModule],
  controllers: [ProjectsController, RegistryController],
  providers: [
    ProjectsRepository,
    ProjectsService,
    ProjectProblemsService,
    RegistryService,
    // The port the background jobs (ProjectsJobs) depend on.
    { provide: PROJECT_REGISTRY, useExisting: ProjectsService },
  ],
  exports: [ProjectsService, PROJECT_REGISTRY],
})
export class ProjectsModule {}
