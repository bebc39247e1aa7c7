import { Inject, Injectable } from '@nestjs/common';
import { DiskUploadInterceptor } from '../common/spreadsheet/upload.interceptor';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { attachmentErrors } from './attachments.errors';

/** The upload of one attachment: streamed to a temp file, refused (413) above ATTACHMENT_MAX_MB. */
@Injectable()
export class AttachmentUploadInterceptor extends DiskUploadInterceptor {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const maxMegabytes = Math.round((config.attachments.maxBytes / 1024 / 1024) * 10) / 10;
    super({
      maxBytes: config.attachments.maxBytes,
      tooLarge: () => attachmentErrors('ATTACHMENT_TOO_LARGE', { maxMegabytes }, `文件超过 ${maxMegabytes} MB，请压缩后再上传`),
      wrongField: () => attachmentErrors('ATTACHMENT_FILE_FIELD'),
    });
  }
}
