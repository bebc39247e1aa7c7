import { Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InteractionsModule } from '../interactions/interactions.module';
import { ProjectsModule } from '../projects/projects.module';
import { AttachmentViewsReadModel } from './attachment-views.read-model';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { ATTACHMENT_STORAGE, AttachmentStorage } from './storage/attachment-storage';
import { DiskAttachmentStorage } from './storage/disk.storage';
import { S3AttachmentStorage } from './storage/s3.storage';

/** The storage the configuration names: an S3-compatible bucket when S3_BUCKET is set, else the disk. */
const storageProvider = {
  provide: ATTACHMENT_STORAGE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): AttachmentStorage =>
    config.attachments.s3 ? new S3AttachmentStorage(config.attachments.s3) : new DiskAttachmentStorage(config.attachments.dir),
};

/** Photos and files on 对接记录 and projects; above both in the module order, reaching them through their services. */
@Module({
  imports: [InteractionsModule, ProjectsModule],
  controllers: [AttachmentsController],
  providers: [storageProvider, AttachmentsRepository, AttachmentViewsReadModel, AttachmentsService],
})
export class AttachmentsModule implements OnApplicationShutdown {
  constructor(@Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof S3AttachmentStorage) this.storage.destroy();
  }
}
