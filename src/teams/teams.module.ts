import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersModule } from '../users/users.module';
import { ManagerScopesService } from './manager-scopes.service';
import { TeamScopeService } from './team-scope.service';
import { ManagedScopeController, TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

@Module({
  imports: [UsersModule, RegionsModule, ReferenceModule],
  controllers: [TeamsController, ManagedScopeController],
  providers: [TeamsService, TeamScopeService, ManagerScopesService],
  exports: [TeamsService, TeamScopeService],
})
export class TeamsModule {}
