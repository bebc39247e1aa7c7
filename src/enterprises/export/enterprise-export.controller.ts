import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
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
    description:
      '每个联系人一行，没有联系人的企业一行。管理员导出的文件含联系人的手机、座机、邮箱、微信，列与导入模板相同，可直接再导入（不会产生任何改动）；' +
      '其他角色导出的文件保留联系人姓名和职务，不含任何联系方式（没有手机、座机、邮箱、微信四列）。每次导出都记入审计日志（entity=enterprise-export：筛选条件、企业数、行数）。',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() actor: AuthUser, @Query() query: EnterpriseExportQuery, @Res() res: Response): Promise<void> {
    await this.exporter.write(actor, query, res);
  }
}
