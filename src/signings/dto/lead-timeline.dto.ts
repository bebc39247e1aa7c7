import { ApiProperty } from '@nestjs/swagger';
import type { TimelineEntry } from '../lead-timeline.service';

/** One entry of a lead's timeline (LeadTimelineService TimelineEntry). */
export class TimelineEntryView implements TimelineEntry {
  @ApiProperty({ format: 'date-time' }) at: Date;
  @ApiProperty({ enum: ['stage', 'interaction', 'signing', 'claim'], description: '阶段变更、对接记录、签约、撞单裁定' }) kind: 'stage' | 'interaction' | 'signing' | 'claim';
  @ApiProperty({ example: '初步接洽 → 考察对接' }) title: string;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: String, nullable: true, description: '操作人姓名' }) actor: string | null;
  @ApiProperty({ description: '对应记录的 id（阶段变更、对接记录、签约或撞单申请）' }) refId: string;
}
