import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Global()
// GET /audit lives in src/audit-log: naming records there keeps this module free of any domain.
@Module({ providers: [AuditService, AuditRepository], exports: [AuditService] })
export class AuditModule {}
