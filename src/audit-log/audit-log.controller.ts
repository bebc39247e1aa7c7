import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../common/auth/auth-user';
import { Roles } from '../common/auth/decorators';
import { AuditQuery } from '../common/audit/audit.dto';
import { ApiPage } from '../common/pagination/api-page';
import { AuditLogService } from './audit-log.service';
import { AuditLogEntryView } from './dto/audit-log.dto';

@ApiTags('audit 审计日志')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('audit')
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @ApiOperation({ summary: '审计日志：按对象、操作人、时间筛选；带操作人姓名、记录名称和变更所指记录的名称' })
  @ApiPage(AuditLogEntryView)
  list(@Query() query: AuditQuery) {
    return this.log.list(query);
  }
}
