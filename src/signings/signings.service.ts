import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { formatWanYuan, fromNumeric, MAX_WAN_YUAN_UNITS, toUnits } from '../common/money/wan-yuan';
import { businessDate } from '../common/time/business-time';
import { LeadStage } from '../leads/entities/lead-stage';
import { LeadTimelineRegistry } from '../leads/lead-timeline.registry';
import { Lead } from '../leads/entities/lead.entity';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { JobName, RollupSigningPayload } from '../queue/jobs';
import { OutboxService } from '../queue/outbox.service';
import { UsersService } from '../users/users.service';
import { splitCredit } from './credit-rules';
import { CreateSigningDto, reviewStatusLabel, SigningView, toSigningTimelineEntry } from './dto/signing.dto';
import { SigningEvent } from './entities/signing-event.entity';
import { AGREEMENT_TYPE_LABELS, Signing, SigningKind, SigningReviewStatus } from './entities/signing.entity';
import { SigningViewsReadModel } from './signing-views.read-model';
import { signingErrors } from './signings.errors';
import { SigningsRepository } from './signings.repository';

/**
 * Signings (签约). A project counts once, at its first signing; a supplement (增资扩产) adds
 * only its added amount. The lead's signed amount is kept as the exact sum of its counted signings.
 * Each signing says where the project lands (落地旗县区 / 市本级) and how it is credited among the
 * holding and co-pursuing teams (signing_credits, under the deployment's creditSharing rule).
 *
 * 项目认定 (config/reporting.json signingReview.required): a signing recorded while review is
 * required waits (待认定) and counts nowhere — not on the lead's signed amount and date, not in
 * the registry, the counting views or the rankings — until an admin approves it
 * (SigningReviewService); otherwise it is approved as it is recorded and counts at once. The
 * lead moves to 已签约 when the signing is recorded either way: the stage says what happened in
 * the pipeline, the signed amount what counts.
 */
@Injectable()
export class SigningsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadsService,
    private readonly leadsRepo: LeadsRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly readModel: SigningViewsReadModel,
    private readonly repo: SigningsRepository,
    private readonly timeline: LeadTimelineRegistry,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  onModuleInit(): void {
    this.timeline.register('signings', async (leadId) => (await this.readModel.timelineOf(leadId)).map(toSigningTimelineEntry));
  }

  async create(actor: AuthUser, leadId: string, dto: CreateSigningDto): Promise<SigningView> {
    const kind = dto.kind ?? SigningKind.Initial;
    try {
      const id = await this.dataSource.transaction(async (em) => {
        const lead = await this.leads.findSignable(em, actor, leadId);
        this.leads.assertVersion(lead, dto.version);
        if (dto.signedOn > businessDate(new Date())) throw signingErrors('SIGNING_IN_FUTURE', [{ field: 'signedOn', message: '签约日期不能晚于今天' }]);
        await this.checkEvent(em, dto);
        const standing = await this.standingInitial(em, leadId);
        if (kind === SigningKind.Initial) {
          if (lead.signedOn || standing) throw signingErrors('LEAD_ALREADY_SIGNED', { signedOn: lead.signedOn ?? standing?.signedOn });
          if (lead.stage === LeadStage.Signed) {
            // Still 已签约 after its first signing was rejected (不予认定): this is the corrected signing.
            if (!(await em.getRepository(Signing).existsBy({ leadId, kind: SigningKind.Initial, reviewStatus: SigningReviewStatus.Rejected }))) {
              throw signingErrors('LEAD_ALREADY_SIGNED', { signedOn: lead.signedOn });
            }
            await this.leads.versionedUpdate(em, lead, dto.version, {});
          } else {
            if (lead.stage === LeadStage.OnHold || lead.stage === LeadStage.Lost) throw signingErrors('LEAD_NOT_SIGNABLE', { stage: lead.stage });
            await this.leads.moveStage(em, actor, lead, LeadStage.Signed, `签约：${AGREEMENT_TYPE_LABELS[dto.agreementType]} ${dto.amount} 万元`, dto.version);
          }
        } else {
          // A supplement adds to a counted first signing: one still awaiting review has to be approved first.
          if (!lead.signedOn) throw standing ? signingErrors('SUPPLEMENT_BEFORE_REVIEW') : signingErrors('SUPPLEMENT_BEFORE_SIGNING');
          if (dto.signedOn < lead.signedOn) throw signingErrors('SIGNING_BEFORE_FIRST', [{ field: 'signedOn', message: `首次签约日期为 ${lead.signedOn}` }]);
          if (toUnits(lead.signedAmount) + toUnits(dto.amount) > MAX_WAN_YUAN_UNITS) {
            throw signingErrors('SIGNED_AMOUNT_TOO_LARGE', [{ field: 'amount', message: `累计签约金额将超过 ${formatWanYuan(MAX_WAN_YUAN_UNITS)} 万元` }]);
          }
          // The version check still guards a supplement against a concurrent write.
          await this.leads.versionedUpdate(em, lead, dto.version, {});
        }
        // After the state checks, so a lead already signed answers 409 whatever the landing; a refusal here rolls the move back.
        const landingRegionUnitId = await this.landingUnit(em, dto.landingRegionUnitId ?? null, lead.targetRegionUnitId);
        const signing = await em.getRepository(Signing).save(
          em.getRepository(Signing).create({
            leadId,
            kind,
            agreementType: dto.agreementType,
            amount: dto.amount,
            signedOn: dto.signedOn,
            parties: dto.parties ?? null,
            signingEventId: dto.signingEventId ?? null,
            teamId: lead.teamId,
            landingRegionUnitId,
            notes: dto.notes ?? null,
            createdById: actor.id,
            reviewStatus: this.rules.signingReview.required ? SigningReviewStatus.Pending : SigningReviewStatus.Approved,
          }),
        );
        const credits = splitCredit(dto.amount, lead.teamId, await this.leads.coTeamsOf(em, leadId), this.rules.creditSharing, kind === SigningKind.Initial ? 1 : 0);
        await this.repo.addCredits(em, signing.id, credits);
        if (signing.reviewStatus === SigningReviewStatus.Approved) await this.count(em, { ...signing, amount: dto.amount }, lead);
        else await this.notifyReviewDue(em, signing, lead);
        await this.audit.record(em, actor, {
          action: 'sign',
          entity: 'signing',
          entityId: signing.id,
          after: { leadId, kind, agreementType: dto.agreementType, amount: dto.amount, signedOn: dto.signedOn, signingEventId: signing.signingEventId, reviewStatus: signing.reviewStatus, landingRegionUnitId, credits },
        });
        return signing.id;
      });
      return (await this.views([id]))[0] as SigningView;
    } catch (err) {
      // Two first signings raced past the stage check: the unique index lets one through.
      if (isUniqueViolation(err, 'uq_signings_initial')) throw signingErrors('LEAD_ALREADY_SIGNED');
      throw err;
    }
  }

  /**
   * Counts an approved signing (at recording, or when the city approves it): the lead's signed
   * amount grows by it (a first signing sets its signing date), and the registry learns of it
   * through the outbox — committed with it, relayed after.
   */
  async count(em: EntityManager, signing: Signing, lead: Lead): Promise<void> {
    await this.leadsRepo.addSigning(em, signing.leadId, signing.amount, signing.signedOn);
    await this.outbox.add(em, JobName.RollupSigning, rollupPayload(signing, lead), { jobId: rollupJobId(signing.id, signing.kind) });
  }

  /** The lead's first signing that stands (pending or approved; a rejected one does not), if any. */
  private standingInitial(em: EntityManager, leadId: string): Promise<Signing | null> {
    return em.getRepository(Signing).findOneBy({ leadId, kind: SigningKind.Initial, reviewStatus: Not(SigningReviewStatus.Rejected) });
  }

  /** Every active admin (the city reviews) is told a signing awaits 项目认定. */
  private async notifyReviewDue(em: EntityManager, signing: Signing, lead: Lead): Promise<void> {
    await this.notifications.notifyUsers(
      await this.users.activeAdminIds(em),
      {
        kind: NotificationKind.SigningReviewDue,
        title: `签约待认定：${lead.title}`,
        body: `${signing.kind === SigningKind.Supplement ? '补充签约' : '签约'} ${AGREEMENT_TYPE_LABELS[signing.agreementType]} ${fromNumeric(signing.amount)} 万元（${signing.signedOn}），认定后计入签约统计`,
        link: { type: 'signing', id: signing.id },
        dedupeKey: `signing-review-due:${signing.id}`,
      },
      em,
    );
  }

  /**
   * What the registry needs of these signings, as their rollup jobs carry it (for the queue
   * reconciliation: a rollup the queue lost is sent again). Unknown ids are left out.
   */
  async rollupJobs(signingIds: string[]): Promise<Array<{ jobId: string; payload: RollupSigningPayload }>> {
    if (signingIds.length === 0) return [];
    const signings = await this.dataSource.getRepository(Signing).find({ where: { id: In(signingIds) }, relations: { lead: true } });
    return signings.map((s) => ({ jobId: rollupJobId(s.id, s.kind), payload: rollupPayload({ ...s, amount: fromNumeric(s.amount) }, s.lead as Lead) }));
  }

  async listForLead(actor: AuthUser, leadId: string): Promise<SigningView[]> {
    await this.leads.findVisible(this.dataSource.manager, actor, leadId);
    const rows = await this.dataSource.getRepository(Signing).find({ where: { leadId }, order: { signedOn: 'ASC', createdAt: 'ASC' }, select: { id: true } });
    return this.views(rows.map((r) => r.id));
  }

  /** Signings of an event that the caller may see (the event's totals are public; its deals are not). */
  async listForEvent(actor: AuthUser, eventId: string): Promise<SigningView[]> {
    if (!(await this.dataSource.getRepository(SigningEvent).existsBy({ id: eventId }))) throw notFound('signing-event');
    return this.views(await this.repo.idsOfEvent(eventId, this.leadsRepo.scoped(actor).select('l.id')));
  }

  /**
   * Where the signed project lands: the unit asked for (a county, or the city for 市本级), else
   * the lead's 拟落地旗县区 mapped up to its county; neither given is a 400.
   */
  private async landingUnit(em: EntityManager, asked: string | null, leadTarget: string | null): Promise<string> {
    if (asked) {
      const unit = await this.readModel.landingOf(em, asked);
      if (!unit) throw notFound('region-unit');
      if (unit.level !== 'county' && unit.level !== 'city') throw signingErrors('LANDING_UNIT_LEVEL', [{ field: 'landingRegionUnitId', message: '项目落地地须为旗县区或市本级（市级区划）' }]);
      return asked;
    }
    const landing = leadTarget ? (await this.readModel.landingOf(em, leadTarget))?.landingId : null;
    if (!landing) throw signingErrors('LANDING_UNIT_REQUIRED', [{ field: 'landingRegionUnitId', message: '线索未填拟落地旗县区，请指定项目落地旗县区' }]);
    return landing;
  }

  private async checkEvent(em: EntityManager, dto: CreateSigningDto): Promise<void> {
    if (!dto.signingEventId) return;
    const event = await em.getRepository(SigningEvent).findOneBy({ id: dto.signingEventId });
    if (!event) throw signingErrors('SIGNING_EVENT_NOT_FOUND', [{ field: 'signingEventId', message: '签约活动不存在' }]);
    if (event.heldOn !== dto.signedOn) {
      throw signingErrors('SIGNING_DATE_MISMATCH', [{ field: 'signedOn', message: `「${event.name}」于 ${event.heldOn} 举行，签约日期须为同一天` }]);
    }
  }

  async views(ids: string[]): Promise<SigningView[]> {
    if (ids.length === 0) return [];
    const [rows, credits] = await Promise.all([this.readModel.views(ids), this.readModel.credits(ids)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const s = byId.get(id) as Signing & { team?: { name: string }; reviewer?: { id: string; displayName: string }; landingUnit?: { name: string } };
      const lead = s.lead as Lead & { enterprise?: { id: string; name: string } };
      return {
        id: s.id,
        leadId: s.leadId,
        leadTitle: lead.title,
        enterprise: { id: lead.enterpriseId, name: lead.enterprise?.name ?? '' },
        team: { id: s.teamId, name: s.team?.name ?? '' },
        landingRegionUnit: { id: s.landingRegionUnitId, name: s.landingUnit?.name ?? '' },
        credits: credits.filter((c) => c.signing_id === id).map((c) => ({ team: { id: c.team_id, name: c.team_name }, amount: fromNumeric(c.amount), projects: c.projects })),
        kind: s.kind,
        agreementType: s.agreementType,
        agreementTypeLabel: AGREEMENT_TYPE_LABELS[s.agreementType],
        amount: fromNumeric(s.amount),
        signedOn: s.signedOn,
        parties: s.parties,
        signingEventId: s.signingEventId,
        notes: s.notes,
        createdAt: s.createdAt,
        reviewStatus: s.reviewStatus,
        reviewStatusLabel: reviewStatusLabel(s.reviewStatus, s.reviewedAt),
        counted: s.reviewStatus === SigningReviewStatus.Approved,
        reviewedBy: s.reviewedById ? { id: s.reviewedById, name: s.reviewer?.displayName ?? '' } : null,
        reviewedAt: s.reviewedAt,
        reviewNote: s.reviewNote,
      };
    });
  }
}

/** A signing's rollup job id: one per signing, so however often it is sent the registry sees it once. */
// BullMQ refuses a custom id with a ':' unless it has exactly three parts.
export const rollupJobId = (signingId: string, kind: SigningKind) => `rollup:${signingId}:${kind}`;

/** What the registry is told of a signing; the same at signing and when the reconciliation sends it again. */
function rollupPayload(
  s: Pick<Signing, 'id' | 'leadId' | 'kind' | 'amount' | 'signedOn' | 'landingRegionUnitId'>,
  lead: Pick<Lead, 'title' | 'enterpriseId' | 'teamId' | 'industryChainId' | 'targetRegionUnitId' | 'ownerId'>,
): RollupSigningPayload {
  return {
    signingId: s.id,
    leadId: s.leadId,
    kind: s.kind,
    amount: s.amount,
    signedOn: s.signedOn,
    title: lead.title,
    enterpriseId: lead.enterpriseId,
    teamId: lead.teamId,
    industryChainId: lead.industryChainId,
    // The registry project sits where the signing lands (落地旗县区 / 市本级): its registration,
    // start and investment then count in the same place as its signing.
    regionUnitId: s.landingRegionUnitId,
    ownerId: lead.ownerId,
  };
}
