/**
 * Which audited fields hold ids of which records, so the log can show the team's name for a
 * teamId. Only names that mean the same record type wherever they appear (parentId does not).
 */
export const FIELD_REFS: Readonly<Record<string, string>> = {
  teamId: 'team',
  teamIds: 'team',
  requestingTeamId: 'team',
  leaderId: 'user',
  memberIds: 'user',
  ownerId: 'user',
  ownerUserId: 'user',
  authorId: 'user',
  participantIds: 'user',
  userId: 'user',
  requestedById: 'user',
  decidedById: 'user',
  reviewedById: 'user',
  createdById: 'user',
  enterpriseId: 'enterprise',
  survivorId: 'enterprise',
  contactIds: 'enterprise-contact',
  industryChainId: 'industry-chain',
  focusChainIds: 'industry-chain',
  sourceRegionId: 'source-region',
  focusSourceRegionIds: 'source-region',
  regionUnitId: 'region',
  regionUnitIds: 'region',
  managedRegionUnitIds: 'region',
  managedTeamIds: 'team',
  targetRegionUnitId: 'region',
  landingRegionUnitId: 'region',
  leadId: 'lead',
  projectId: 'project',
  signingEventId: 'signing-event',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record ids a change's values hold (a value, or an array of them), by record type. */
export function referencedIds(changes: Record<string, { from: unknown; to: unknown }>, into: Map<string, Set<string>>): void {
  for (const [field, change] of Object.entries(changes ?? {})) {
    const type = FIELD_REFS[field];
    if (!type) continue;
    for (const value of [change?.from, change?.to].flatMap((v) => (Array.isArray(v) ? v : [v]))) {
      if (typeof value === 'string' && UUID.test(value)) {
        if (!into.has(type)) into.set(type, new Set());
        into.get(type)?.add(value);
      }
    }
  }
}
