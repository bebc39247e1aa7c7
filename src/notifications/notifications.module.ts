import { Module } from '@nestjs/common';
import { TeamsModule } from '../teams/teams.module';
import { NotificationDeliveryJob } from './notification-delivery.job';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { WebhookResolver, WebhookTargetPolicy } from './webhook-target';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TeamsModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, WebhooksService, NotificationDeliveryJob, WebhookTargetPolicy, WebhookResolver],
  exports: [NotificationsService],
})
export class NotificationsModule {}
