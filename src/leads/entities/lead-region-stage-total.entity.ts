import { Entity, PrimaryColumn } from 'typeorm';
import { LeadStageCell } from './lead-stage-total.entity';

/**
 * Running totals of the live leads of every region unit's teams (at or below it): the team cells
 * of lead_stage_totals summed up each team's region path, kept by triggers (migration
 * PipelineRegionTotals) on those cells, on a team changing region and on a region moving in the
 * tree. A county manager's board reads its county's few dozen rows here instead of summing
 * hundreds of teams' cells.
 */
@Entity('lead_region_stage_totals')
export class LeadRegionStageTotal extends LeadStageCell {
  @PrimaryColumn({ type: 'uuid' })
  regionUnitId: string;
}
