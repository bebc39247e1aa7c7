import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { TimelineEntryView, toClaimEntry, toInteractionEntry, toStageEntry } from './dto/lead-timeline.dto';
import { LeadTimelineReadModel } from './lead-timeline.read-model';
import { LeadTimelineRegistry } from './lead-timeline.registry';
import { LeadsService } from './leads.service';

/**
 * A lead's story, newest first: its stage moves (who, when, why), the interactions its teams
 * logged with the enterprise since it was opened, its signings and collision decisions.
 */
@Injectable()
export class LeadTimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
    private readonly readModel: LeadTimelineReadModel,
    private readonly registry: LeadTimelineRegistry,
  ) {}

  async timeline(actor: AuthUser, leadId: string): Promise<TimelineEntryView[]> {
    const lead = await this.leads.findVisible(this.dataSource.manager, actor, leadId);
    const [stages, interactions, recorded, claims] = await Promise.all([
      this.readModel.stageChanges(leadId),
      this.readModel.interactions(lead),
      this.registry.entries(leadId),
      this.readModel.claims(leadId),
    ]);
    // The order before sorting settles ties (a signing and the stage move it makes share a timestamp).
    const entries: TimelineEntryView[] = [...stages.map(toStageEntry), ...interactions.map(toInteractionEntry), ...recorded, ...claims.map(toClaimEntry)];
    return entries.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
  }
}
