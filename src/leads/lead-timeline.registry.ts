import { Injectable } from '@nestjs/common';
import type { TimelineEntryView } from './dto/lead-timeline.dto';

/** A module's entries on a lead's timeline (e.g. its signings). */
export type LeadTimelineSource = (leadId: string) => Promise<TimelineEntryView[]>;

/**
 * Modules above the leads that record things on a lead (signings) register here, so the
 * lead's timeline shows them without the leads module importing theirs.
 */
@Injectable()
export class LeadTimelineRegistry {
  private readonly sources = new Map<string, LeadTimelineSource>();

  register(owner: string, source: LeadTimelineSource): void {
    if (this.sources.has(owner)) throw new Error(`lead timeline source for ${owner} registered twice`);
    this.sources.set(owner, source);
  }

  /** Every registered module's entries for the lead, in registration order. */
  async entries(leadId: string): Promise<TimelineEntryView[]> {
    const parts = await Promise.all([...this.sources.values()].map((source) => source(leadId)));
    return parts.flat();
  }
}
