import type { Readable } from 'node:stream';
import { AttachmentStorageKind } from '../entities/attachment.entity';

/**
 * Where attachments' bytes live. Keys are made by the service (never from user input); each
 * implementation streams, so a large file is never held in memory.
 */
export interface AttachmentStorage {
  readonly kind: AttachmentStorageKind;
  /** Stores the file at `sourcePath` (a finished upload) under `key`. */
  put(key: string, sourcePath: string, size: number, contentType: string): Promise<void>;
  /** The stored bytes; rejects with {@link MissingObjectError} when there are none. */
  read(key: string): Promise<Readable>;
  /** Removes the bytes; a key already gone is not an error. */
  remove(key: string): Promise<void>;
}

/** The row names bytes the storage does not have (removed by hand, a lost volume …). */
export class MissingObjectError extends Error {
  constructor(key: string) {
    super(`attachment object ${key} is missing from storage`);
  }
}
