import type { Schemas } from '../../api/client';
import type { LeadView } from '../../api/views';

export type SigningView = Schemas['SigningView'];

/** GET /leads/:id/timeline (src/signings/lead-timeline.service.ts TimelineEntry; not declared in the OpenAPI document). */
export interface TimelineEntry {
  at: string;
  kind: 'stage' | 'interaction' | 'signing' | 'claim';
  title: string;
  detail: string | null;
  actor: string | null;
  refId: string;
}

/** src/leads/entities/lead-stage.ts LEAD_SOURCE_LABELS. */
export const LEAD_SOURCES: Array<{ value: LeadView['source']; label: string }> = [
  { value: 'door_to_door', label: '上门招商' },
  { value: 'business_referral', label: '以商招商' },
  { value: 'resident_office', label: '驻点招商' },
  { value: 'agency', label: '委托招商' },
  { value: 'online', label: '网上招商' },
  { value: 'exhibition', label: '展会招商' },
  { value: 'other', label: '其他' },
];

/** src/signings/entities/signing.entity.ts AGREEMENT_TYPE_LABELS. */
export const AGREEMENT_TYPES: Array<{ value: SigningView['agreementType']; label: string }> = [
  { value: 'framework', label: '框架协议' },
  { value: 'investment', label: '投资协议' },
  { value: 'formal_contract', label: '正式合同' },
];
