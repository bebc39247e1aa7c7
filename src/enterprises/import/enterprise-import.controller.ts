import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadRequestException,
  CallHandler,
  Controller,
  ExecutionContext,
  HttpCode,
  HttpStatus,
  Injectable,
  NestInterceptor,
  OnApplicationShutdown,
  OnModuleInit,
  PayloadTooLargeException,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { catchError, concatMap, Observable } from 'rxjs';
import { AuthUser, Role } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ImportQuery, ImportReportView } from './dto/import.dto';
import { EnterpriseImportService } from './enterprise-import.service';
import { importErrors } from './import.errors';

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
interface StoredUpload {
  path: string;
  size: number;
  originalname: string;
}

/**
 * multer (disk storage) for the `file` field, with its errors in our shape: 413 above
 * IMPORT_MAX_MB, 400 for a file under another field name or a second file. The stored file is
 * removed before the answer leaves, whatever the answer: a query refused by its pipe never
 * reaches the handler, and its upload would otherwise stay in the temp folder.
 */
@Injectable()
export class ImportUploadInterceptor implements NestInterceptor, OnModuleInit, OnApplicationShutdown {
  private readonly multer = new (FileInterceptor('file', {
    dest: IMPORT_UPLOAD_DIR,
    limits: { fileSize: IMPORT_MAX_MB * 1024 * 1024, files: 1, fields: 20 },
  }))();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    // The temp folder may have been swept since start-up.
    await mkdir(IMPORT_UPLOAD_DIR, { recursive: true });
    let handled: Observable<unknown>;
    try {
      handled = await this.multer.intercept(context, next);
    } catch (err) {
      if (err instanceof PayloadTooLargeException) {
        throw importErrors('IMPORT_FILE_TOO_LARGE', { maxMegabytes: IMPORT_MAX_MB }, `文件超过 ${IMPORT_MAX_MB} MB，请拆分后分批导入`);
      }
      const code = err instanceof BadRequestException ? (err.cause as { code?: string } | undefined)?.code : undefined;
      if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') throw importErrors('IMPORT_FILE_FIELD');
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

@ApiTags('imports 导入')
@ApiBearerAuth()
@Controller('imports')
export class EnterpriseImportController {
  constructor(private readonly imports: EnterpriseImportService) {}

  @Roles(Role.Admin)
  @Post('enterprises')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(ImportUploadInterceptor)
  @ApiOperation({
    summary: '导入企业名单（.xlsx 或 .csv，表头在第一行）',
    description:
      '先 dryRun=true 得到逐行报告，再 dryRun=false 正式导入。按信用代码、其次按规范化名称与库中及文件前面的行匹配：' +
      '匹配到的企业只补充空白字段，联系人按（企业、姓名、手机）去重；同一文件导入两次，第二次不会新建任何记录。' +
      '正式导入时只要有一行错误就一行也不写入（422，details 为报告）。信用代码校验位不符的行是错误，除非该行「强制保存」列填「是」。',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: ImportReportView })
  async importEnterprises(@CurrentUser() actor: AuthUser, @Query() query: ImportQuery, @UploadedFile() file?: StoredUpload) {
    if (!file) throw importErrors('IMPORT_FILE_MISSING');
    return this.imports.import(actor, file.path, query.dryRun ?? true);
  }
}
