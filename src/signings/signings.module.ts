import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { LeadTimelineService } from './lead-timeline.service';
import { SigningEventsService } from './signing-events.service';
import { LeadSigningsController, SigningEventsController } from './signings.controller';
import { SigningsService } from './signings.service';

@Module({
  imports: [LeadsModule],
  controllers: [LeadSigningsController, SigningEventsController],
  providers: [SigningsService, SigningEventsService, LeadTimelineService],
  exports: [SigningsService, SigningEventsService],
})
export class SigningsModule {}
