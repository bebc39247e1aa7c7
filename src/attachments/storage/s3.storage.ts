import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { AppConfig } from '../../config/app-config';
import { AttachmentStorageKind } from '../entities/attachment.entity';
import { AttachmentStorage, MissingObjectError } from './attachment-storage';

type S3Config = NonNullable<AppConfig['attachments']['s3']>;

/** Attachments as objects in an S3-compatible bucket (AWS S3, MinIO, 阿里云 OSS, 腾讯云 COS …). */
export class S3AttachmentStorage implements AttachmentStorage {
  readonly kind = AttachmentStorageKind.S3;
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.accessKeyId && config.secretAccessKey ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } : undefined,
      // Many S3-compatible stores refuse the SDK's newer default checksums (aws-chunked uploads):
      // send and check them only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, sourcePath: string, size: number, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key), Body: createReadStream(sourcePath), ContentLength: size, ContentType: contentType }),
    );
  }

  async read(key: string): Promise<Readable> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      if (!(answer.Body instanceof Readable)) throw new Error('S3 answered without a body stream');
      return answer.Body;
    } catch (err) {
      if (err instanceof NoSuchKey || (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404)) throw new MissingObjectError(key);
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
  }

  destroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return `${this.config.keyPrefix}${key}`;
  }
}
