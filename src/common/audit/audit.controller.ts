import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../auth/auth-user';
import { Roles } from '../auth/decorators';
import { AuditEntryView, AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';
import { ApiPage } from '../pagination/api-page';

@ApiTags('audit 审计日志')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: '审计日志：按对象、操作人、时间筛选' })
  @ApiPage(AuditEntryView)
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }
}
