import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessRepository } from '../access/access.repository';
import { AuditService } from '../common/audit/audit.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { notFound } from '../common/errors/app-error';
import { fromNumeric } from '../common/money/wan-yuan';
import { mapPage, paginate } from '../common/pagination/page';
import { Lead } from '../leads/entities/lead.entity';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { NotificationKind } from '../notifications/entities/notification-kind';
import { NotificationsService } from '../notifications/notifications.service';
import { ReviewDecision, ReviewSigningDto, SigningPageView, SigningReviewQuery, SigningView } from './dto/signing.dto';
import { AGREEMENT_TYPE_LABELS, SIGNING_REVIEW_STATUS_LABELS, Signing, SigningReviewStatus } from './entities/signing.entity';
import { SigningViewsReadModel } from './signing-views.read-model';
import { signingErrors } from './signings.errors';
import { SigningsService } from './signings.service';

/**
 * 项目认定: the city (an admin) approves or rejects a signing awaiting review, once. Approval
 * counts it the way recording does without review (SigningsService.count: the lead's signed
 * amount and date, the registry rollup through the outbox); the counting views pick it up at
 * their next refresh. A rejected signing never counts and cannot be approved later; the lead
 * stays 已签约 and the team may record the corrected signing (a new first signing, itself
 * reviewed). Each decision is audited with who and when, and told to the recording team's managers.
 */
@Injectable()
export class SigningReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signings: SigningsService,
    private readonly leads: LeadsService,
    private readonly leadsRepo: LeadsRepository,
    private readonly readModel: SigningViewsReadModel,
    private readonly audit: AuditService,
    private readonly scope: AccessRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /** Signings by review status (pending by default, oldest first) that the caller may see, with the total. */
  async list(actor: AuthUser, query: SigningReviewQuery): Promise<SigningPageView> {
    const qb = this.readModel.reviewList(query, actor.role === Role.Admin ? null : this.leadsRepo.scoped(actor).select('l.id'));
    const page = await paginate(qb, query, { alias: 's', property: 'createdAt', column: 'created_at', direction: 'ASC' });
    return mapPage(page, await this.signings.views(page.items.map((s) => s.id)));
  }

  /** One signing, if the caller may see its lead (else 404). */
  async get(actor: AuthUser, id: string): Promise<SigningView> {
    const signing = await this.dataSource.getRepository(Signing).findOneBy({ id });
    if (!signing) throw notFound('signing');
    await this.leads.findVisible(this.dataSource.manager, actor, signing.leadId);
    return (await this.signings.views([id]))[0] as SigningView;
  }

  async review(actor: AuthUser, id: string, dto: ReviewSigningDto): Promise<SigningView> {
    await this.dataSource.transaction(async (em) => {
      const locked = await em.getRepository(Signing).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw notFound('signing');
      if (locked.reviewStatus !== SigningReviewStatus.Pending) {
        throw signingErrors('SIGNING_ALREADY_REVIEWED', { reviewStatus: locked.reviewStatus, reviewedAt: locked.reviewedAt });
      }
      const signing = (await em.getRepository(Signing).findOne({ where: { id }, relations: { lead: true } })) as Signing;
      const approve = dto.decision === ReviewDecision.Approve;
      const decided = {
        reviewStatus: approve ? SigningReviewStatus.Approved : SigningReviewStatus.Rejected,
        reviewedById: actor.id,
        reviewedAt: new Date(),
        reviewNote: dto.note ?? null,
      };
      await em.getRepository(Signing).update({ id }, decided);
      if (approve) await this.signings.count(em, { ...signing, amount: fromNumeric(signing.amount) }, signing.lead as Lead);
      await this.audit.record(em, actor, {
        action: approve ? 'approve' : 'reject',
        entity: 'signing',
        entityId: id,
        before: { reviewStatus: SigningReviewStatus.Pending },
        after: { ...decided, reviewedAt: decided.reviewedAt.toISOString() },
      });
      await this.notifyDecided(em, signing, decided.reviewStatus, decided.reviewNote);
    });
    return (await this.signings.views([id]))[0] as SigningView;
  }

  /** The recording team's managers learn the decision. */
  private async notifyDecided(em: EntityManager, signing: Signing, status: SigningReviewStatus, note: string | null): Promise<void> {
    const lead = signing.lead as Lead;
    const counted = status === SigningReviewStatus.Approved ? '，计入签约统计' : '，不计入签约统计；如有更正可重新登记签约';
    await this.notifications.notifyUsers(
      await this.scope.managersOf(signing.teamId),
      {
        kind: NotificationKind.SigningReviewed,
        title: `签约${SIGNING_REVIEW_STATUS_LABELS[status]}：${lead.title}`,
        body: `${AGREEMENT_TYPE_LABELS[signing.agreementType]} ${fromNumeric(signing.amount)} 万元（${signing.signedOn}）${counted}${note ? `\n认定意见：${note}` : ''}`,
        link: { type: 'signing', id: signing.id },
        dedupeKey: `signing-reviewed:${signing.id}`,
      },
      em,
    );
  }
}
