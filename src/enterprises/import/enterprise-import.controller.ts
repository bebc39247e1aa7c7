import { Controller, HttpCode, HttpStatus, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ImportUploadInterceptor, StoredUpload } from '../../common/spreadsheet/upload.interceptor';
import { ImportQuery, ImportReportView } from './dto/import.dto';
import { EnterpriseImportService } from './enterprise-import.service';
import { importErrors } from './import.errors';

export { IMPORT_MAX_MB, IMPORT_UPLOAD_DIR } from '../../common/spreadsheet/upload.interceptor';

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
