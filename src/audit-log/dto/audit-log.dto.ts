import { ApiProperty } from '@nestjs/swagger';
import { AuditEntryView } from '../../common/audit/audit.dto';

/** The record an entry is about, named, with the record whose page shows it. */
export class AuditSubjectView {
  @ApiProperty({ description: '记录名称（已删除的记录为 null）', type: String, nullable: true }) name: string | null;
  @ApiProperty({ description: '打开的记录类型（联系人打开其企业、签约打开其线索）；无页面为 null', type: String, nullable: true, example: 'lead' }) linkType: string | null;
  @ApiProperty({ type: String, nullable: true }) linkId: string | null;
}

/** One audit-log row with the names people read: who acted, the record, and the records its changes point at. */
export class AuditLogEntryView extends AuditEntryView {
  @ApiProperty({ type: String, nullable: true, description: '操作人姓名；系统操作或已删除的用户为 null' }) actorDisplayName: string | null;
  @ApiProperty({ type: AuditSubjectView }) subject: AuditSubjectView;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: '变更中引用的记录编号 → 名称（如 teamId 的招商队名称、memberIds 的人员姓名）',
  })
  names: Record<string, string>;
}
