import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { Lead } from '../../leads/entities/lead.entity';
import { RegionUnit } from '../../regions/entities/region-unit.entity';
import { SigningEvent } from './signing-event.entity';

export enum AgreementType {
  Framework = 'framework',
  Investment = 'investment',
  FormalContract = 'formal_contract',
}

export const AGREEMENT_TYPE_LABELS: Record<AgreementType, string> = {
  [AgreementType.Framework]: '框架协议',
  [AgreementType.Investment]: '投资协议',
  [AgreementType.FormalContract]: '正式合同',
};

export enum SigningKind {
  /** The project's first signing: it counts the project once. */
  Initial = 'initial',
  /** An expansion of a signed project (增资扩产): counts only its added amount. */
  Supplement = 'supplement',
}

/**
 * 项目认定: where the deployment asks (config/reporting.json signingReview.required), a signing
 * waits for the city's review and counts only once approved; otherwise it is approved as it is
 * recorded. A rejected signing never counts and cannot be approved later.
 */
export enum SigningReviewStatus {
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
}

export const SIGNING_REVIEW_STATUS_LABELS: Record<SigningReviewStatus, string> = {
  [SigningReviewStatus.Pending]: '待认定',
  [SigningReviewStatus.Approved]: '已认定',
  [SigningReviewStatus.Rejected]: '不予认定',
};

/** 签约: an agreement signed for a lead. */
@Entity('signings')
// One first signing per lead; a rejected one leaves room for the corrected signing.
@Index('uq_signings_initial', ['leadId'], { unique: true, where: "kind = 'initial' AND review_status <> 'rejected'" })
@Index('ix_signings_review_pending', ['createdAt'], { where: "review_status = 'pending'" })
@Index('ix_signings_lead_id', ['leadId'])
@Index('ix_signings_team_signed_on', ['teamId', 'signedOn'])
@Index('ix_signings_landing_region_unit_id', ['landingRegionUnitId'])
@Check('ck_signings_amount', 'amount > 0')
export class Signing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @ManyToOne(() => Lead, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  @Column({ type: 'enum', enum: SigningKind, enumName: 'signing_kind' })
  kind: SigningKind;

  @Column({ type: 'enum', enum: AgreementType, enumName: 'agreement_type' })
  agreementType: AgreementType;

  /** 签约金额 (万元); for a supplement, the added amount only. */
  @Column({ type: 'numeric', precision: 18, scale: 4 })
  amount: string;

  @Index('ix_signings_signed_on')
  @Column({ type: 'date' })
  signedOn: string;

  /** 签约各方. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  parties: string | null;

  @Index('ix_signings_signing_event_id')
  @Column({ type: 'uuid', nullable: true })
  signingEventId: string | null;

  @ManyToOne(() => SigningEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signing_event_id' })
  signingEvent?: SigningEvent | null;

  /** The owning team at signing: credit stays with it even if the lead moves later. */
  @Column({ type: 'uuid' })
  teamId: string;

  /**
   * 落地旗县区: the county-level unit where the project lands, or the city unit itself for
   * 市本级. The landing view of the counting rules credits the signing here.
   */
  @Column({ type: 'uuid' })
  landingRegionUnitId: string;

  @ManyToOne(() => RegionUnit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landing_region_unit_id' })
  landingRegionUnit?: RegionUnit;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  /** Existing signings were approved when review was introduced (the default). */
  @Column({ type: 'enum', enum: SigningReviewStatus, enumName: 'signing_review_status', default: SigningReviewStatus.Approved })
  reviewStatus: SigningReviewStatus;

  /** The admin who decided; null for a signing approved on recording (无需认定). */
  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reviewNote: string | null;

  @CreatedAt()
  createdAt: Date;
}
