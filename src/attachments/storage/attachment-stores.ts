import { AppConfig } from '../../config/app-config';
import { AttachmentStorageKind } from '../entities/attachment.entity';
import { AttachmentStorage, MissingObjectError } from './attachment-storage';
import { DiskAttachmentStorage } from './disk.storage';
import { S3AttachmentStorage } from './s3.storage';

/**
 * The storages attachments may be in: new files go to the configured one (the S3 bucket when
 * S3_BUCKET is set, else the disk); a file is read and removed where its row says it was put, so
 * a deployment that moves to S3 keeps serving the files it kept on disk.
 */
export class AttachmentStores {
  readonly current: AttachmentStorage;
  private readonly disk: DiskAttachmentStorage;
  private readonly s3: S3AttachmentStorage | null;

  constructor(config: AppConfig['attachments']) {
    this.disk = new DiskAttachmentStorage(config.dir);
    this.s3 = config.s3 ? new S3AttachmentStorage(config.s3) : null;
    this.current = this.s3 ?? this.disk;
  }

  /** The storage a row names; a file put in S3 while S3 is no longer configured reads as missing. */
  of(kind: AttachmentStorageKind, key: string): AttachmentStorage {
    if (kind === AttachmentStorageKind.Disk) return this.disk;
    if (this.s3) return this.s3;
    throw new MissingObjectError(`${key} (stored in S3, which is no longer configured)`);
  }

  close(): void {
    this.s3?.destroy();
  }
}
