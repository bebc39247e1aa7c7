import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { mapPage, Page, paginate } from '../common/pagination/page';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { LeadClaimNotices } from './lead-claim-notices';
import { AccessRepository } from '../access/access.repository';
import { CreateLeadClaimDto, DecideLeadClaimDto, LeadClaimQuery, LeadClaimView } from './dto/lead-claim.dto';
import { LeadClaim, LeadClaimKind, LeadClaimStatus } from './entities/lead-claim.entity';
import { LeadCoTeam } from './entities/lead-co-team.entity';
import { LEAD_STAGE_LABELS } from './entities/lead-stage';
import { Lead } from './entities/lead.entity';
import { leadErrors } from './leads.errors';
import { LeadClaimsRepository } from './lead-claims.repository';
import { LeadViewsReadModel } from './lead-views.read-model';
import { LeadsRepository } from './leads.repository';
import { LeadsService } from './leads.service';

/**
 * Lead collisions (撞单): a team that finds an enterprise + chain held by another asks to
 * co-pursue or take it over; a manager above both teams, or an admin, decides.
 */
@Injectable()
export class LeadClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: LeadsRepository,
    private readonly claims: LeadClaimsRepository,
    private readonly leadViews: LeadViewsReadModel,
    private readonly leads: LeadsService,
    private readonly scope: AccessRepository,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly notices: LeadClaimNotices,
  ) {}

  /** Claims that involve a team the caller can see, on either side. */
  async list(actor: AuthUser, query: LeadClaimQuery): Promise<Page<LeadClaimView>> {
    const qb = this.claims.listed(actor, query);
    const page = await paginate(qb, query, { alias: 'c', property: 'createdAt', column: 'created_at' });
    return mapPage(page, await Promise.all(page.items.map((c) => this.view(actor, c.id))));
  }

  async get(actor: AuthUser, id: string): Promise<LeadClaimView> {
    await this.findVisible(this.dataSource.manager, actor, id);
    return this.view(actor, id);
  }

  async create(actor: AuthUser, dto: CreateLeadClaimDto): Promise<LeadClaimView> {
    const id = await this.dataSource.transaction(async (em) => {
      const teamId = await this.scope.writableTeam(actor, dto.teamId);
      const holder = await this.leadViews.findHolder(em, dto.enterpriseId, dto.industryChainId, teamId);
      if (!holder) throw leadErrors('CLAIM_NO_HOLDER');
      // A co-pursuing team may still ask for a transfer, but not for the co-pursuit it has.
      if (dto.kind === LeadClaimKind.CoPursue && (await em.getRepository(LeadCoTeam).existsBy({ leadId: holder.leadId, teamId }))) {
        throw leadErrors('CLAIM_ALREADY_CO_PURSUING');
      }
      try {
        await this.claims.savepoint(em, 'claim_insert');
        const claim = await em.getRepository(LeadClaim).save(
          em.getRepository(LeadClaim).create({ leadId: holder.leadId, requestingTeamId: teamId, requestedById: actor.id, kind: dto.kind, reason: dto.reason }),
        );
        await this.audit.record(em, actor, { action: 'create', entity: 'lead-claim', entityId: claim.id, after: { leadId: holder.leadId, requestingTeamId: teamId, kind: dto.kind } });
        await this.notices.filed(em, claim, holder);
        return claim.id;
      } catch (err) {
        if (isUniqueViolation(err, 'uq_lead_claims_pending')) throw leadErrors('CLAIM_PENDING');
        throw err;
      }
    });
    return this.view(actor, id);
  }

  /** Approve or reject (a manager above both teams, or an admin); approval applies at once. */
  async decide(actor: AuthUser, id: string, dto: DecideLeadClaimDto): Promise<LeadClaimView> {
    await this.dataSource.transaction(async (em) => {
      const claim = await this.findVisible(em, actor, id, true);
      if (claim.status !== LeadClaimStatus.Pending) throw leadErrors('CLAIM_NOT_PENDING', { status: claim.status });
      const lead = (await em.getRepository(Lead).findOneBy({ id: claim.leadId })) as Lead;
      const holdingTeamId = lead.teamId; // before a transfer changes it
      if (!(await this.canDecide(actor, claim, lead))) throw leadErrors('CLAIM_DECIDE_FORBIDDEN');
      const status = dto.approve ? LeadClaimStatus.Approved : LeadClaimStatus.Rejected;
      await em.getRepository(LeadClaim).update({ id }, { status, decidedById: actor.id, decidedAt: new Date(), decisionNote: dto.note ?? null });
      if (dto.approve && claim.kind === LeadClaimKind.CoPursue) {
        await this.claims.addCoTeam(em, lead.id, claim.requestingTeamId);
      }
      if (dto.approve && claim.kind === LeadClaimKind.Transfer) {
        const ownerId = await this.transferOwner(em, claim);
        await this.leads.versionedUpdate(em, lead, undefined, { teamId: claim.requestingTeamId, ownerId });
        await em.getRepository(LeadCoTeam).delete({ leadId: lead.id, teamId: claim.requestingTeamId });
        // Other pending claims on the lead were addressed to the old holder.
        await this.repo.closePendingClaims(em, actor, lead.id, '线索已转交，申请自动关闭');
      }
      await this.audit.record(em, actor, { action: dto.approve ? 'approve' : 'reject', entity: 'lead-claim', entityId: id, before: { status: claim.status }, after: { status, note: dto.note ?? null } });
      // Both teams are told the outcome: their members in the app, their groups by webhook.
      const outcome = dto.approve ? (claim.kind === LeadClaimKind.Transfer ? '同意转交' : '同意联合跟进') : '驳回';
      const message = {
        kind: NotificationKind.LeadClaimDecided,
        title: `撞单裁定：${outcome}`,
        body: `「${lead.title}」的${claim.kind === LeadClaimKind.Transfer ? '转交' : '联合跟进'}申请已${outcome}。${dto.note ? `意见：${dto.note}` : ''}`,
        link: { type: 'lead-claim', id },
        dedupeKey: `lead-claim-decided:${id}`,
      };
      for (const teamId of new Set([claim.requestingTeamId, holdingTeamId])) {
        await this.notifications.notifyUsers(await this.scope.membersOf(teamId), message, em);
        await this.notifications.notifyTeam(teamId, message, em);
      }
    });
    return this.view(actor, id);
  }

  async withdraw(actor: AuthUser, id: string): Promise<LeadClaimView> {
    await this.dataSource.transaction(async (em) => {
      const claim = await this.findVisible(em, actor, id, true);
      if (claim.status !== LeadClaimStatus.Pending) throw leadErrors('CLAIM_NOT_PENDING', { status: claim.status });
      if (claim.requestedById !== actor.id && actor.role !== Role.Admin) throw leadErrors('CLAIM_DECIDE_FORBIDDEN', undefined, '只有申请人可以撤回');
      await em.getRepository(LeadClaim).update({ id }, { status: LeadClaimStatus.Withdrawn });
      await this.audit.record(em, actor, { action: 'withdraw', entity: 'lead-claim', entityId: id, before: { status: claim.status }, after: { status: LeadClaimStatus.Withdrawn } });
    });
    return this.view(actor, id);
  }

  /**
   * Who owns a transferred lead: the requester if a member of the requesting team (a manager
   * may file for a team), else its leader, else its longest-standing member.
   */
  private async transferOwner(em: EntityManager, claim: LeadClaim): Promise<string> {
    const owner = await this.scope.firstActiveMember(claim.requestingTeamId, claim.requestedById, em);
    if (!owner) throw leadErrors('CLAIM_TEAM_EMPTY');
    return owner;
  }

  private async canDecide(actor: AuthUser, claim: LeadClaim, lead: Lead): Promise<boolean> {
    if (actor.role === Role.Admin) return true;
    if (actor.role !== Role.Manager) return false;
    return (await this.scope.canManageTeam(actor, claim.requestingTeamId)) && (await this.scope.canManageTeam(actor, lead.teamId));
  }

  private async findVisible(em: EntityManager, actor: AuthUser, id: string, lock = false): Promise<LeadClaim> {
    const claim = await this.claims.findVisible(em, actor, id, lock);
    if (!claim) throw notFound('lead-claim');
    return claim;
  }

  private async view(actor: AuthUser, id: string): Promise<LeadClaimView> {
    const claim = (await this.dataSource.getRepository(LeadClaim).findOne({
      where: { id },
      relations: { requestingTeam: true, lead: { team: true, enterprise: true, industryChain: true } },
    })) as LeadClaim;
    const lead = claim.lead as Lead;
    const requesterName = await this.leadViews.requesterName(claim.requestedById);
    const leadVisible = await this.repo.isVisible(actor, lead.id);
    return {
      id: claim.id,
      kind: claim.kind,
      status: claim.status,
      reason: claim.reason,
      requestingTeam: { id: claim.requestingTeamId, name: claim.requestingTeam?.name ?? '' },
      requestedBy: { id: claim.requestedById, name: requesterName },
      holdingTeamName: lead.team?.name ?? '',
      holdingStage: LEAD_STAGE_LABELS[lead.stage],
      leadId: leadVisible ? lead.id : null,
      enterprise: { id: lead.enterpriseId, name: lead.enterprise?.name ?? '' },
      industryChain: { id: lead.industryChainId, name: lead.industryChain?.name ?? '' },
      canDecide: claim.status === LeadClaimStatus.Pending && (await this.canDecide(actor, claim, lead)),
      decisionNote: claim.decisionNote,
      decidedAt: claim.decidedAt,
      createdAt: claim.createdAt,
    };
  }
}
