import { Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { AuditNamesReadModel } from './audit-names.read-model';

/** 操作日志 for admins: the audit trail (src/common/audit) read with the names of people and records. */
@Module({ controllers: [AuditLogController], providers: [AuditLogService, AuditNamesReadModel] })
export class AuditLogModule {}
