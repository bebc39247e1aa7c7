import { Controller, HttpCode, HttpStatus, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ImportUploadInterceptor } from '../common/spreadsheet/upload.interceptor';
import { spreadsheetErrors } from '../common/spreadsheet/spreadsheet.errors';
import { ProgressReturnReport } from './dto/progress-return.dto';
import { ProgressImportQuery } from './dto/schedule.dto';
import { ProgressReturnService } from './progress-return.service';

@ApiTags('imports 导入')
@ApiBearerAuth()
@Controller('imports')
export class ProgressReturnController {
  constructor(private readonly returns: ProgressReturnService) {}

  @Roles(Role.Admin, Role.Manager)
  @Post('project-progress')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(ImportUploadInterceptor)
  @ApiOperation({
    summary: '导入月度调度回传：各旗县区填好的项目调度表（.xlsx 或 .csv）→ 当月完成投资、当月到位资金',
    description:
      '文件即 GET /registry/schedule.xlsx 导出的项目调度表：跳过标题行、小计与合计行；按「项目编号」匹配项目，没有编号时按项目名称 + 旗县区匹配（合并的旗县区单元格按上一行计）。' +
      '填报月份取 month=YYYY-MM，不填则取表头「本月：YYYY年M月」，两者都有而不一致时 400。写入该月的完成投资与到位资金：只填 1–N月 时，本月 = 1–N月 − 库中此前各月之和；两者都填而不一致时该行报错。' +
      '到位资金为当月合计：该月已有一行时改其金额（来源不变），尚无时记为「省外·固定资产投资」，已按来源分多行时该行报错（请在项目页面修改）。表头写（亿元）的列换算为万元。' +
      '先 dryRun=true（默认）得到逐行报告，再 dryRun=false 正式导入；有任何错误时一行也不写入（422，details 为报告）；与库中一致的行不写入，同一文件再次导入不产生任何改动。管理员，或经理（其完整管辖区域内的项目）。',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: ProgressReturnReport })
  async importProgress(@CurrentUser() actor: AuthUser, @Query() query: ProgressImportQuery, @UploadedFile() file?: { path: string }) {
    if (!file) throw spreadsheetErrors('IMPORT_FILE_MISSING');
    return this.returns.import(actor, file.path, query.dryRun ?? true, query.month);
  }
}
