import { Module } from '@nestjs/common';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { NotificationDeliveryJob } from './notification-delivery.job';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { WebhookResolver, WebhookTargetPolicy } from './webhook-target';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TeamsModule, UsersModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationsRepository, WebhooksService, NotificationDeliveryJob, WebhookTargetPolicy, WebhookResolver],
  exports: [NotificationsService],
})
export class NotificationsModule {}
