import { Controller, HttpCode, HttpStatus, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ImportQuery } from '../common/spreadsheet/import.dto';
import { spreadsheetErrors } from '../common/spreadsheet/spreadsheet.errors';
import { ImportUploadInterceptor, StoredUpload } from '../common/spreadsheet/upload.interceptor';
import { HistoryImportReportView } from './dto/history-import.dto';
import { HistoryImportService } from './history-import.service';
import { InteractionHistorySpec } from './interaction-history';
import { LeadHistorySpec } from './lead-history';

const FILE_BODY = { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } };
const COMMON =
  '先 dryRun=true（默认）得到逐行报告（按 Excel 行号），再 dryRun=false 正式导入：整份文件无误才写入，有错误行则一行也不写入（422，details 为报告）。' +
  '表头可在标题行之下（导出的台账可直接导入）；列名可用常见同义词，金额列表头写（亿元）时按亿元换算。企业按统一社会信用代码、其次按规范化名称匹配，企业库中没有的企业是错误行（请先导入企业名单）；' +
  '招商队、人员按名称匹配（人员也可填手机号），重名是错误行。有编号的行对应该记录；没有编号的行按自然键匹配；与已有记录一致的行计为 unchanged，同一文件再导入一次不产生任何改动。';

@ApiTags('imports 导入')
@ApiBearerAuth()
@Controller('imports')
export class HistoryImportController {
  constructor(
    private readonly imports: HistoryImportService,
    private readonly leads: LeadHistorySpec,
    private readonly interactions: InteractionHistorySpec,
  ) {}

  @Roles(Role.Admin)
  @Post('leads')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(ImportUploadInterceptor)
  @ApiOperation({
    summary: '导入历史招商线索（.xlsx 或 .csv；模板：GET /leads/export.xlsx）',
    description: `${COMMON} 自然键：企业 + 招商队 + 线索名称。阶段可到「实质性洽谈」，搁置/终止须填原因；「已签约」的行不导入：签约须在系统中逐笔登记（协议类型、金额、日期）并经项目认定后才计入签约统计。登记日期为历史日期（新增线索按该月统计），导入不产生任何提醒或通知。`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: HistoryImportReportView })
  importLeads(@CurrentUser() actor: AuthUser, @Query() query: ImportQuery, @UploadedFile() file?: StoredUpload) {
    if (!file) throw spreadsheetErrors('IMPORT_FILE_MISSING');
    return this.imports.run(actor, file.path, query.dryRun ?? true, this.leads);
  }

  @Roles(Role.Admin)
  @Post('interactions')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(ImportUploadInterceptor)
  @ApiOperation({
    summary: '导入历史走访记录（.xlsx 或 .csv；模板：GET /interactions/export.xlsx）',
    description: `${COMMON} 自然键：企业 + 日期 + 招商队 + 对接方式 + 对接情况。早于今天的下次跟进日期视为已过去：记为已跟进，不提醒、不督办；今天及以后的照常提醒。`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: HistoryImportReportView })
  importInteractions(@CurrentUser() actor: AuthUser, @Query() query: ImportQuery, @UploadedFile() file?: StoredUpload) {
    if (!file) throw spreadsheetErrors('IMPORT_FILE_MISSING');
    return this.imports.run(actor, file.path, query.dryRun ?? true, this.interactions);
  }
}
