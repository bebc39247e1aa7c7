import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { SigningEventsService } from './signing-events.service';
import { SigningViewsReadModel } from './signing-views.read-model';
import { LeadSigningsController, SigningEventsController } from './signings.controller';
import { SigningsRepository } from './signings.repository';
import { SigningsService } from './signings.service';

@Module({
  imports: [LeadsModule],
  controllers: [LeadSigningsController, SigningEventsController],
  providers: [SigningsService, SigningEventsService, SigningsRepository, SigningViewsReadModel],
  exports: [SigningsService, SigningEventsService],
})
export class SigningsModule {}
