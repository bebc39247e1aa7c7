import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { fromNumeric } from '../common/money/wan-yuan';
import { INTERACTION_TYPE_LABELS, InteractionType } from '../interactions/entities/interaction.entity';
import { LEAD_STAGE_LABELS, LeadStage } from '../leads/entities/lead-stage';
import { LeadsService } from '../leads/leads.service';
import { AGREEMENT_TYPE_LABELS, AgreementType } from './entities/signing.entity';

export interface TimelineEntry {
  at: Date;
  kind: 'stage' | 'interaction' | 'signing' | 'claim';
  title: string;
  detail: string | null;
  actor: string | null;
  refId: string;
}

/**
 * A lead's story, newest first: its stage moves (who, when, why), the interactions its teams
 * logged with the enterprise since it was opened, its signings and collision decisions.
 */
@Injectable()
export class LeadTimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
  ) {}

  async timeline(actor: AuthUser, leadId: string): Promise<TimelineEntry[]> {
    const lead = await this.leads.findVisible(this.dataSource.manager, actor, leadId);
    const [stages, interactions, signings, claims] = await Promise.all([
      this.dataSource.query(
        `SELECT sc.id, sc.at, sc.from_stage, sc.to_stage, sc.reason, u.display_name FROM lead_stage_changes sc LEFT JOIN users u ON u.id = sc.actor_id WHERE sc.lead_id = $1`,
        [leadId],
      ) as Promise<Array<{ id: string; at: Date; from_stage: LeadStage | null; to_stage: LeadStage; reason: string | null; display_name: string | null }>>,
      this.dataSource.query(
        `SELECT i.id, i.occurred_at, i.type, i.summary, u.display_name FROM interactions i JOIN users u ON u.id = i.author_id
          WHERE i.enterprise_id = $1 AND i.deleted_at IS NULL AND i.occurred_at >= $3::timestamptz - interval '1 day'
            AND (i.team_id = $2 OR i.team_id IN (SELECT team_id FROM lead_co_teams WHERE lead_id = $4))`,
        [lead.enterpriseId, lead.teamId, lead.createdAt, leadId],
      ) as Promise<Array<{ id: string; occurred_at: Date; type: InteractionType; summary: string; display_name: string }>>,
      this.dataSource.query(
        `SELECT s.id, s.created_at, s.kind, s.agreement_type, s.amount::text, s.signed_on::text, u.display_name FROM signings s LEFT JOIN users u ON u.id = s.created_by_id WHERE s.lead_id = $1`,
        [leadId],
      ) as Promise<Array<{ id: string; created_at: Date; kind: string; agreement_type: AgreementType; amount: string; signed_on: string; display_name: string | null }>>,
      this.dataSource.query(
        `SELECT c.id, c.created_at, c.decided_at, c.kind, c.status, c.reason, c.decision_note, t.name FROM lead_claims c JOIN teams t ON t.id = c.requesting_team_id WHERE c.lead_id = $1`,
        [leadId],
      ) as Promise<Array<{ id: string; created_at: Date; decided_at: Date | null; kind: string; status: string; reason: string; decision_note: string | null; name: string }>>,
    ]);
    const entries: TimelineEntry[] = [
      ...stages.map((s) => ({
        at: s.at,
        kind: 'stage' as const,
        title: s.from_stage ? `${LEAD_STAGE_LABELS[s.from_stage]} → ${LEAD_STAGE_LABELS[s.to_stage]}` : '登记线索',
        detail: s.reason,
        actor: s.display_name,
        refId: s.id,
      })),
      ...interactions.map((i) => ({ at: i.occurred_at, kind: 'interaction' as const, title: INTERACTION_TYPE_LABELS[i.type], detail: i.summary, actor: i.display_name, refId: i.id })),
      ...signings.map((s) => ({
        at: s.created_at,
        kind: 'signing' as const,
        title: `${s.kind === 'supplement' ? '补充签约' : '签约'}：${AGREEMENT_TYPE_LABELS[s.agreement_type]} ${fromNumeric(s.amount)} 万元（${s.signed_on}）`,
        detail: null,
        actor: s.display_name,
        refId: s.id,
      })),
      ...claims.map((c) => ({
        at: c.decided_at ?? c.created_at,
        kind: 'claim' as const,
        title: `${c.name} 申请${c.kind === 'transfer' ? '转交' : '联合跟进'}（${{ pending: '待裁定', approved: '已同意', rejected: '已驳回', withdrawn: '已撤回' }[c.status] ?? c.status}）`,
        detail: c.decision_note ?? c.reason,
        actor: null,
        refId: c.id,
      })),
    ];
    return entries.sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
  }
}
