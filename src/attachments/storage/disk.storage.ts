import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttachmentStorageKind } from '../entities/attachment.entity';
import { AttachmentStorage, MissingObjectError } from './attachment-storage';

/** Attachments as files under one folder (ATTACHMENTS_DIR, by default DATA_DIR/attachments). */
export class DiskAttachmentStorage implements AttachmentStorage {
  readonly kind = AttachmentStorageKind.Disk;

  constructor(private readonly root: string) {}

  async put(key: string, sourcePath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.partial`;
    try {
      await rename(sourcePath, partial);
    } catch (err) {
      // The upload's temp folder is on another file system: copy, streaming.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await pipeline(createReadStream(sourcePath), createWriteStream(partial, { flags: 'wx' }));
    }
    // Only a complete file ever bears the key.
    await rename(partial, target);
  }

  async read(key: string): Promise<Readable> {
    // Opened first, so a missing file is known before any answer starts.
    const handle = await open(this.pathOf(key), 'r').catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new MissingObjectError(key) : err;
    });
    return handle.createReadStream();
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Keys are the service's own, but a path outside the root is refused all the same. */
  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`attachment key ${key} leaves the storage folder`);
    return path;
  }
}
