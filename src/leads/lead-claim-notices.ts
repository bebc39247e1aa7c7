import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { LeadClaimKind } from './entities/lead-claim.entity';

/**
 * Who is told about a claim (撞单) and in what words — one place, whether a team filed the claim
 * or an enterprise merge opened it or settled it by co-pursuit.
 */
@Injectable()
export class LeadClaimNotices {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly scope: AccessRepository,
  ) {}

  /** A claim awaits a decision: the managers above both teams (who may decide) and the holding team's group. */
  async filed(em: EntityManager, claim: { id: string; kind: LeadClaimKind; reason: string; requestingTeamId: string; requestedById: string | null }, holder: { teamId: string; teamName: string }): Promise<void> {
    const [above, aboveHolder] = [await this.scope.managersOf(claim.requestingTeamId), await this.scope.managersOf(holder.teamId)];
    const message = {
      kind: NotificationKind.LeadClaimFiled,
      title: `撞单申请待裁定：${claim.kind === LeadClaimKind.Transfer ? '申请转交' : '申请联合跟进'}`,
      body: `申请理由：${claim.reason}\n持有方：${holder.teamName}`,
      link: { type: 'lead-claim', id: claim.id },
      dedupeKey: `lead-claim-filed:${claim.id}`,
    };
    await this.notifications.notifyUsers(above.filter((m) => aboveHolder.includes(m)), message, em);
    await this.notifications.notifyTeam(holder.teamId, message, em);
    // The requesting team's other members learn of it too (a merge opens claims no member filed).
    const requesters = (await this.scope.membersOf(claim.requestingTeamId)).filter((m) => m !== claim.requestedById);
    await this.notifications.notifyUsers(requesters, message, em);
  }

  /** An admin's merge made `teamId` a co-pursuer of the holder's lead at once: both teams are told. */
  async mergedIntoCoPursuit(em: EntityManager, lead: { id: string; title: string; teamId: string }, teamId: string, closedTitle: string): Promise<void> {
    const message = {
      kind: NotificationKind.LeadClaimDecided,
      title: '企业合并：转为联合跟进',
      body: `企业合并后，原线索「${closedTitle}」已终止，其招商队转为联合跟进「${lead.title}」。`,
      link: { type: 'lead', id: lead.id },
      dedupeKey: `lead-merge-co-pursue:${lead.id}:${teamId}`,
    };
    for (const team of [teamId, lead.teamId]) {
      await this.notifications.notifyUsers(await this.scope.membersOf(team), message, em);
      await this.notifications.notifyTeam(team, message, em);
    }
  }
}
