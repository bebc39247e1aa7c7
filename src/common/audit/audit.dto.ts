import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../pagination/page';
import { AuditChanges, AuditEntry } from './audit-entry.entity';

/**
 * The ISO 8601 forms PostgreSQL reads as they are: `strict` refuses impossible dates
 * (2024-02-30); the pattern refuses forms valid in ISO but not to PostgreSQL (2024-W01,
 * 2024-01-01T10, decimal commas, offsets beyond ±14:59), which would otherwise end in a 500.
 */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):?[0-5]\d)?)?$/;

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'team' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'update' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  action?: string;

  @ApiPropertyOptional({ description: '起始时间（含），ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(CALENDAR_DATE, { message: 'from must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]' })
  from?: string;

  @ApiPropertyOptional({ description: '截止时间（不含），ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(CALENDAR_DATE, { message: 'to must be YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]' })
  to?: string;
}

/** One audit-log row as GET /audit returns it. */
export class AuditEntryView {
  @ApiProperty({ example: '1024', description: '自增序号（bigint，以字符串返回）' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '操作人；系统操作为 null' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ example: 'team' }) entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
    description: '字段 → { from, to }',
  })
  changes: AuditChanges;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ format: 'date-time' }) at: Date;
}

/** An audit-log row as AuditEntryView. */
export const toAuditEntryView = (a: AuditEntry): AuditEntryView => ({
  id: a.id,
  actorId: a.actorId,
  actorName: a.actorName,
  action: a.action,
  entity: a.entity,
  entityId: a.entityId,
  changes: a.changes,
  requestId: a.requestId,
  at: a.at,
});
