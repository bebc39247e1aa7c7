import { Module } from '@nestjs/common';
import { EnterprisesModule } from '../enterprises/enterprises.module';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { InteractionsController } from './interactions.controller';
import { InteractionViewsReadModel } from './interaction-views.read-model';
import { InteractionsRepository } from './interactions.repository';
import { InteractionsService } from './interactions.service';

@Module({
  imports: [EnterprisesModule, TeamsModule, UsersModule],
  controllers: [InteractionsController],
  providers: [InteractionsService, InteractionsRepository, InteractionViewsReadModel],
  exports: [InteractionsService],
})
export class InteractionsModule {}
