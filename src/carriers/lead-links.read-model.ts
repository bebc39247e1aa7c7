import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Foreign tables read: the leads that name a carrier or a promoted project. */
export const READS = ['leads'] as const;

/** What a lead names, for the availability rules. */
export interface LeadLinks {
  carrierId: string | null;
  promotedProjectId: string | null;
}

/**
 * The leads' side of the availability rules: whether a live lead (neither lost nor deleted)
 * still names a carrier or promoted project, and what a lead names when its project lands.
 */
@Injectable()
export class LeadLinksReadModel {
  async linksOf(em: EntityManager, leadId: string): Promise<LeadLinks | null> {
    const [row] = (await em.query('SELECT carrier_id, promoted_project_id FROM leads WHERE id = $1', [leadId])) as Array<{ carrier_id: string | null; promoted_project_id: string | null }>;
    return row ? { carrierId: row.carrier_id, promotedProjectId: row.promoted_project_id } : null;
  }

  async carrierNamedByLiveLead(em: EntityManager, carrierId: string): Promise<boolean> {
    const rows: unknown[] = await em.query("SELECT 1 FROM leads WHERE carrier_id = $1 AND stage <> 'lost' AND deleted_at IS NULL LIMIT 1", [carrierId]);
    return rows.length > 0;
  }

  async projectNamedByLiveLead(em: EntityManager, promotedProjectId: string): Promise<boolean> {
    const rows: unknown[] = await em.query("SELECT 1 FROM leads WHERE promoted_project_id = $1 AND stage <> 'lost' AND deleted_at IS NULL LIMIT 1", [promotedProjectId]);
    return rows.length > 0;
  }
}
