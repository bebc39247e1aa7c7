import { Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InteractionsModule } from '../interactions/interactions.module';
import { ProjectsModule } from '../projects/projects.module';
import { AttachmentViewsReadModel } from './attachment-views.read-model';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AttachmentStores } from './storage/attachment-stores';

/** Photos and files on 对接记录 and projects; above both in the module order, reaching them through their services. */
@Module({
  imports: [InteractionsModule, ProjectsModule],
  controllers: [AttachmentsController],
  providers: [
    { provide: AttachmentStores, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new AttachmentStores(config.attachments) },
    AttachmentsRepository,
    AttachmentViewsReadModel,
    AttachmentsService,
  ],
})
export class AttachmentsModule implements OnApplicationShutdown {
  constructor(private readonly stores: AttachmentStores) {}

  onApplicationShutdown(): void {
    this.stores.close();
  }
}
