import { Controller, Get, HttpCode, HttpStatus, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, Role } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ImportQuery, ImportReportBaseView } from '../../common/spreadsheet/import.dto';
import { spreadsheetErrors } from '../../common/spreadsheet/spreadsheet.errors';
import { ImportUploadInterceptor, StoredUpload } from '../../common/spreadsheet/upload.interceptor';
import { ProjectExportService } from './project-export.service';
import { ProjectImportService } from './project-import.service';
import { ProjectExportQuery } from '../dto/project.dto';

@ApiTags('registry 项目调度')
@ApiBearerAuth()
@Controller('registry')
export class ProjectListExportController {
  constructor(private readonly exporter: ProjectExportService) {}

  @Roles(Role.Admin, Role.Manager)
  @Get('projects.xlsx')
  @ApiOperation({
    summary: '导出项目清单（.xlsx），即项目导入模板',
    description:
      '管理员导出全部项目；管理者导出其管辖区域（旗县区）内的项目；成员无权导出（403）。筛选条件同项目列表（旗县区、产业链、阶段、节点逾期等）。列与 POST /imports/projects 相同，原样导回不会产生任何改动。' +
      '每次导出都记入审计日志（entity=project-export：行数）。',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() actor: AuthUser, @Query() query: ProjectExportQuery, @Res() res: Response): Promise<void> {
    await this.exporter.write(actor, res, query);
  }
}

@ApiTags('imports 导入')
@ApiBearerAuth()
@Controller('imports')
export class ProjectImportController {
  constructor(private readonly imports: ProjectImportService) {}

  @Roles(Role.Admin, Role.Manager)
  @Post('projects')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(ImportUploadInterceptor)
  @ApiOperation({
    summary: '导入项目清单（.xlsx 或 .csv；表头可在标题行之下）',
    description:
      '先 dryRun=true 得到逐行报告，再 dryRun=false 正式导入。有「项目编号」的行更新该项目（只写有变化的字段，空白单元格不修改原值）；' +
      '没有的按（规范化项目名称、所在旗县区）匹配已有项目，匹配不到则新建（不关联线索和招商队）。投资主体须已在企业库中（按名称或统一社会信用代码匹配）。' +
      '管理者只能导入其管辖区域内的项目，其他旗县区的行是错误行。金额列表头写（亿元）或（元）时自动换算为万元；合计、小计行跳过。' +
      '正式导入时只要有一行错误就一行也不写入（422，details 为报告）；同一文件导入两次，第二次不会有任何改动。',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: ImportReportBaseView })
  async importProjects(@CurrentUser() actor: AuthUser, @Query() query: ImportQuery, @UploadedFile() file?: StoredUpload) {
    if (!file) throw spreadsheetErrors('IMPORT_FILE_MISSING');
    return this.imports.import(actor, file.path, query.dryRun ?? true);
  }
}
