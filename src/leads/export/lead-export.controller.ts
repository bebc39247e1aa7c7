import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { LeadQuery } from '../dto/lead.dto';
import { LeadExportService } from './lead-export.service';

export class LeadExportQueryDto extends OmitType(LeadQuery, ['cursor', 'limit', 'sort', 'order'] as const) {}

/** Its own controller, registered before LeadsController, so that `export.xlsx` is never read as a lead `:id`. */
@ApiTags('leads 招商线索')
@ApiBearerAuth()
@Controller('leads')
export class LeadExportController {
  constructor(private readonly exporter: LeadExportService) {}

  @Get('export.xlsx')
  @ApiOperation({
    summary: '导出招商线索台账 .xlsx（范围和筛选条件同线索列表）',
    description: '列与历史线索导入（POST /imports/leads）相同，可作为导入模板；再导入同一文件不会产生任何改动。按登记时间从早到晚，分批读取、边读边写。每次导出记入审计日志（entity=lead-export）。',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() actor: AuthUser, @Query() query: LeadExportQueryDto, @Res() res: Response): Promise<void> {
    await this.exporter.write(actor, query, res);
  }
}
