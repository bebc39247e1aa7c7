import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { InteractionQuery } from '../dto/interaction.dto';
import { InteractionExportService } from './interaction-export.service';

export class InteractionExportQueryDto extends OmitType(InteractionQuery, ['cursor', 'limit'] as const) {}

/** Its own controller, registered before InteractionsController, so that `export.xlsx` is never read as an interaction `:id`. */
@ApiTags('interactions 对接记录')
@ApiBearerAuth()
@Controller('interactions')
export class InteractionExportController {
  constructor(private readonly exporter: InteractionExportService) {}

  @Get('export.xlsx')
  @ApiOperation({
    summary: '导出走访记录台账 .xlsx（范围和筛选条件同对接记录列表）',
    description: '列与历史走访记录导入（POST /imports/interactions）相同，可作为导入模板；再导入同一文件不会产生任何改动。按对接日期从早到晚，分批读取、边读边写。每次导出记入审计日志（entity=interaction-export）。',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() actor: AuthUser, @Query() query: InteractionExportQueryDto, @Res() res: Response): Promise<void> {
    await this.exporter.write(actor, query, res);
  }
}
