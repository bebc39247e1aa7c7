import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  OnApplicationShutdown,
  OnModuleInit,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { catchError, concatMap, Observable } from 'rxjs';
import { AppError } from '../errors/app-error';
import { spreadsheetErrors } from './spreadsheet.errors';

export const IMPORT_MAX_MB = 30;
/** Where uploads wait while they are read; one folder per process, emptied by every request. */
const IMPORT_UPLOAD_ROOT = join(tmpdir(), 'zhaoshang-imports');
export const IMPORT_UPLOAD_DIR = join(IMPORT_UPLOAD_ROOT, String(process.pid));

/** Whether a process of this id runs (signal 0 only asks). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What multer's disk storage hands the handler. */
export interface StoredUpload {
  path: string;
  size: number;
  originalname: string;
}

/** How a disk upload is bounded, and the refusals it answers in the caller's domain. */
export interface DiskUploadOptions {
  maxBytes: number;
  /** The file is larger than maxBytes (413). */
  tooLarge: () => AppError;
  /** A file under another field name, or a second file (400). */
  wrongField: () => AppError;
}

/**
 * multer (disk storage: the upload streams to a temp file, never held in memory) for the `file`
 * field, with its errors in our shape. The stored file is removed before the answer leaves,
 * whatever the answer: a query refused by its pipe never reaches the handler, and its upload
 * would otherwise stay in the temp folder. File names are read as UTF-8, as browsers send them.
 */
export abstract class DiskUploadInterceptor implements NestInterceptor, OnModuleInit, OnApplicationShutdown {
  private readonly multer: NestInterceptor;

  protected constructor(private readonly options: DiskUploadOptions) {
    this.multer = new (FileInterceptor('file', {
      dest: IMPORT_UPLOAD_DIR,
      defParamCharset: 'utf8',
      limits: { fileSize: options.maxBytes, files: 1, fields: 20 },
    }))();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    // The temp folder may have been swept since start-up.
    await mkdir(IMPORT_UPLOAD_DIR, { recursive: true });
    let handled: Observable<unknown>;
    try {
      handled = await this.multer.intercept(context, next);
    } catch (err) {
      if (err instanceof PayloadTooLargeException) throw this.options.tooLarge();
      const code = err instanceof BadRequestException ? (err.cause as { code?: string } | undefined)?.code : undefined;
      if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') throw this.options.wrongField();
      throw err;
    }
    const file = context.switchToHttp().getRequest<{ file?: { path: string } }>().file;
    const removeUpload = () => (file ? rm(file.path, { force: true }) : Promise.resolve());
    return handled.pipe(
      concatMap(async (answer) => {
        await removeUpload();
        return answer;
      }),
      catchError(async (err: unknown) => {
        await removeUpload();
        throw err;
      }),
    );
  }

  /**
   * Uploads left by a process that died mid-request (kill -9, a crash) are removed at start: the
   * folders of processes that no longer run. Those of live processes — other instances — are theirs.
   */
  async onModuleInit(): Promise<void> {
    const folders = await readdir(IMPORT_UPLOAD_ROOT).catch(() => [] as string[]);
    for (const name of folders) {
      const pid = Number(name);
      if (!/^\d+$/.test(name) || pid === process.pid || processRuns(pid)) continue;
      await rm(join(IMPORT_UPLOAD_ROOT, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** The process's upload folder goes with it (only if empty: it never removes a file). */
  async onApplicationShutdown(): Promise<void> {
    await rmdir(IMPORT_UPLOAD_DIR).catch(() => undefined);
  }
}

/** Spreadsheet imports: 413 above IMPORT_MAX_MB, 400 for a file under another field name or a second file. */
@Injectable()
export class ImportUploadInterceptor extends DiskUploadInterceptor {
  constructor() {
    super({
      maxBytes: IMPORT_MAX_MB * 1024 * 1024,
      tooLarge: () => spreadsheetErrors('IMPORT_FILE_TOO_LARGE', { maxMegabytes: IMPORT_MAX_MB }, `文件超过 ${IMPORT_MAX_MB} MB，请拆分后分批导入`),
      wrongField: () => spreadsheetErrors('IMPORT_FILE_FIELD'),
    });
  }
}
