import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { SigningEventsService } from './signing-events.service';
import { SigningRosterService } from './signing-roster.service';
import { SigningViewsReadModel } from './signing-views.read-model';
import { SigningReviewService } from './signing-review.service';
import { LeadSigningsController, SigningEventsController, SigningsController } from './signings.controller';
import { SigningsRepository } from './signings.repository';
import { SigningsService } from './signings.service';

@Module({
  imports: [LeadsModule, NotificationsModule, UsersModule],
  controllers: [LeadSigningsController, SigningEventsController, SigningsController],
  providers: [SigningsService, SigningReviewService, SigningEventsService, SigningRosterService, SigningsRepository, SigningViewsReadModel],
  exports: [SigningsService, SigningEventsService],
})
export class SigningsModule {}
