import { ApiProperty } from '@nestjs/swagger';
import { INTERACTION_TYPE_LABELS } from '../../interactions/entities/interaction.entity';
import { LEAD_STAGE_LABELS } from '../entities/lead-stage';
import type { ClaimTimelineRow, InteractionTimelineRow, StageTimelineRow } from '../lead-timeline.read-model';

/** One entry of a lead's timeline (GET /leads/:id/timeline). */
export class TimelineEntryView {
  @ApiProperty({ format: 'date-time' }) at: Date;
  @ApiProperty({ enum: ['stage', 'interaction', 'signing', 'claim'], description: '阶段变更、对接记录、签约、撞单裁定' }) kind: 'stage' | 'interaction' | 'signing' | 'claim';
  @ApiProperty({ example: '初步接洽 → 考察对接' }) title: string;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: String, nullable: true, description: '操作人姓名' }) actor: string | null;
  @ApiProperty({ description: '对应记录的 id（阶段变更、对接记录、签约或撞单申请）' }) refId: string;
}

/** A stage move as the timeline shows it (the first one is the lead's registration). */
export const toStageEntry = (s: StageTimelineRow): TimelineEntryView => ({
  at: s.at,
  kind: 'stage' as const,
  title: s.from_stage ? `${LEAD_STAGE_LABELS[s.from_stage]} → ${LEAD_STAGE_LABELS[s.to_stage]}` : '登记线索',
  detail: s.reason,
  actor: s.display_name,
  refId: s.id,
});

/** An interaction as the timeline shows it. */
export const toInteractionEntry = (i: InteractionTimelineRow): TimelineEntryView => ({
  at: i.occurred_at,
  kind: 'interaction' as const,
  title: INTERACTION_TYPE_LABELS[i.type],
  detail: i.summary,
  actor: i.display_name,
  refId: i.id,
});

/** A collision claim as the timeline shows it: when decided, else when filed. */
export const toClaimEntry = (c: ClaimTimelineRow): TimelineEntryView => ({
  at: c.decided_at ?? c.created_at,
  kind: 'claim' as const,
  title: `${c.name} 申请${c.kind === 'transfer' ? '转交' : '联合跟进'}（${{ pending: '待裁定', approved: '已同意', rejected: '已驳回', withdrawn: '已撤回' }[c.status] ?? c.status}）`,
  detail: c.decision_note ?? c.reason,
  actor: null,
  refId: c.id,
});
