import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { ManagerScopesService } from './manager-scopes.service';
import { ManagedScopeController, TeamsController } from './teams.controller';
import { TeamsRepository } from './teams.repository';
import { TeamViewsReadModel } from './team-views.read-model';
import { TeamsService } from './teams.service';

@Module({
  imports: [UsersModule, RegionsModule, ReferenceModule],
  controllers: [TeamsController, ManagedScopeController],
  providers: [TeamsService, TeamsRepository, TeamViewsReadModel, ManagerScopesService],
  exports: [TeamsService],
})
export class TeamsModule {}
