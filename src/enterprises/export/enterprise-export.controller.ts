import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnterpriseQuery } from '../dto/enterprise.dto';
import { EnterpriseExportService } from './enterprise-export.service';

export class EnterpriseExportQuery extends OmitType(EnterpriseQuery, ['cursor', 'limit'] as const) {}

/**
 * Its own controller, registered before EnterprisesController, so that `export.xlsx` is
 * routed here and never read as an enterprise `:id`.
 */
@ApiTags('enterprises 企业库')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterpriseExportController {
  constructor(private readonly exporter: EnterpriseExportService) {}

  @Get('export.xlsx')
  @ApiOperation({
    summary: '导出企业库为 .xlsx（筛选条件同列表）',
    description: '列与导入模板相同，导出的文件可直接再导入（不会产生任何改动）。每个联系人一行，没有联系人的企业一行。',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@Query() query: EnterpriseExportQuery, @Res() res: Response): Promise<void> {
    await this.exporter.write(query, res);
  }
}
