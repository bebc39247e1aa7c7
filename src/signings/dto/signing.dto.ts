import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { trim } from '../../common/http/transforms';
import { fromNumeric, IsWanYuan } from '../../common/money/wan-yuan';
import { PageQuery } from '../../common/pagination/page';
import { IsCalendarDate } from '../../common/time/business-time';
import type { TimelineEntryView } from '../../leads/dto/lead-timeline.dto';
import { AGREEMENT_TYPE_LABELS, AgreementType, SIGNING_REVIEW_STATUS_LABELS, SigningKind, SigningReviewStatus } from '../entities/signing.entity';
import type { SigningTimelineRow } from '../signing-views.read-model';
import { INT4_MAX } from '../../common/entity-columns';

const nullable = ValidateIf((_o, v) => v !== null);

export class CreateSigningDto {
  @ApiPropertyOptional({ enum: SigningKind, default: 'initial', description: 'initial 首次签约 / supplement 补充签约（增资扩产，只计增加的金额）' })
  @IsOptional()
  @IsEnum(SigningKind)
  kind?: SigningKind;

  @ApiProperty({ enum: AgreementType, description: 'framework 框架协议 / investment 投资协议 / formal_contract 正式合同' })
  @IsEnum(AgreementType)
  agreementType: AgreementType;

  @ApiProperty({ example: '308000', description: '签约金额（万元）；补充签约填增加的金额' })
  @IsWanYuan({ min: 'positive' })
  amount: string;

  @ApiProperty({ example: '2022-04-27' })
  @IsCalendarDate()
  signedOn: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '开鲁县人民政府；华能内蒙古东部能源有限公司' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  parties?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '所属签约活动；签约日期须与活动日期一致' })
  @IsOptional()
  @nullable
  @IsUUID()
  signingEventId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(2000)
  notes?: string | null;

  @ApiPropertyOptional({ description: '项目落地旗县区（旗县区级区划，市本级填市级区划）；不填则取线索的拟落地旗县区（乡镇、村归到所属旗县区）' })
  @IsOptional()
  @IsUUID('all', { message: '项目落地旗县区 landingRegionUnitId 须为合法的 ID' })
  landingRegionUnitId?: string;

  @ApiPropertyOptional({ description: '读取线索时的 version；他人已修改时返回 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version?: number;
}

export class CreateSigningEventDto {
  @ApiProperty({ example: '2022年春季网签大会' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '2022-04-27' })
  @IsCalendarDate()
  heldOn: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  isOnline?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  location?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

// skipNullProperties: false refuses null for the name and date; location and description keep
// their own @IsOptional and may be cleared.
export class UpdateSigningEventDto extends PartialType(OmitType(CreateSigningEventDto, ['isOnline'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional()
  @ValidateIf((_o, v) => v !== undefined)
  @IsBoolean()
  isOnline?: boolean;
}

export class SigningEventQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2022', description: '年份' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export const SIGNING_EVENT_SORTS = ['heldOn', 'amount'] as const;
export type SigningEventSort = (typeof SIGNING_EVENT_SORTS)[number];

/** The 签约活动 list as a spreadsheet: every event of the year (or all, the list's filter), by date or by total. */
export class SigningEventExportQuery extends PickType(SigningEventQuery, ['year'] as const) {
  @ApiPropertyOptional({ enum: SIGNING_EVENT_SORTS, default: 'heldOn', description: 'heldOn 按日期从近到远 / amount 按签约总额从大到小；序号随排序' })
  @IsOptional()
  @IsIn(SIGNING_EVENT_SORTS)
  sort?: SigningEventSort;
}

export enum ReviewDecision {
  Approve = 'approve',
  Reject = 'reject',
}

/** 项目认定: the city's decision on a signing awaiting review. */
export class ReviewSigningDto {
  @ApiProperty({ enum: ReviewDecision, description: 'approve 认定（计入签约统计）/ reject 不予认定（永不计入）' })
  @IsEnum(ReviewDecision)
  decision: ReviewDecision;

  @ApiPropertyOptional({ description: '认定意见；不予认定时必填（说明理由）' })
  @ValidateIf((o: ReviewSigningDto, v) => o.decision === ReviewDecision.Reject || v !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '不予认定须填写理由' })
  @MaxLength(1000)
  note?: string;
}

export class SigningReviewQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SigningReviewStatus, default: 'pending', description: 'pending 待认定 / approved 已认定 / rejected 不予认定' })
  @IsOptional()
  @IsEnum(SigningReviewStatus)
  status?: SigningReviewStatus;

  @ApiPropertyOptional({ description: '登记签约的招商队' })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @ApiPropertyOptional({ description: '招商队所在区域（含下级）' })
  @IsOptional()
  @IsUUID()
  regionUnitId?: string;
}

class Ref {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class SigningCreditView {
  @ApiProperty({ type: Ref }) team: Ref;
  @ApiProperty({ example: '308000', description: '计入该队的签约金额（万元）' }) amount: string;
  @ApiProperty({ description: '计入该队的签约项目数（首次签约计入牵头队 1 个，项目只计一次）' }) projects: number;
}

export class SigningView {
  @ApiProperty() id: string;
  @ApiProperty() leadId: string;
  @ApiProperty() leadTitle: string;
  @ApiProperty({ type: Ref }) enterprise: Ref;
  @ApiProperty({ type: Ref, description: '牵头招商队（招商主体）' }) team: Ref;
  @ApiProperty({ type: Ref, description: '项目落地旗县区（或市本级）' }) landingRegionUnit: Ref;
  @ApiProperty({ type: [SigningCreditView], description: '业绩分计：各队计入的金额与项目数，合计等于签约金额' }) credits: SigningCreditView[];
  @ApiProperty({ enum: SigningKind }) kind: SigningKind;
  @ApiProperty({ enum: AgreementType }) agreementType: AgreementType;
  @ApiProperty() agreementTypeLabel: string;
  @ApiProperty({ example: '308000' }) amount: string;
  @ApiProperty() signedOn: string;
  @ApiProperty({ nullable: true, type: String }) parties: string | null;
  @ApiProperty({ nullable: true, type: String }) signingEventId: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ enum: SigningReviewStatus, description: '项目认定：pending 待认定（不计入统计）/ approved 已认定 / rejected 不予认定（永不计入）' }) reviewStatus: SigningReviewStatus;
  @ApiProperty({ example: '已认定', description: '待认定 / 已认定 / 不予认定；未要求认定时登记即计入，显示「无需认定」' }) reviewStatusLabel: string;
  @ApiProperty({ description: '是否计入签约统计（仅已认定的签约计入）' }) counted: boolean;
  @ApiProperty({ type: Ref, nullable: true, description: '认定人；无需认定时为 null' }) reviewedBy: Ref | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '认定时间' }) reviewedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: '认定意见' }) reviewNote: string | null;
}

export class SigningPageView {
  @ApiProperty({ type: [SigningView] }) items: SigningView[];
  @ApiProperty({ type: String, nullable: true, description: '下一页的 cursor；最后一页为 null' }) nextCursor: string | null;
  @ApiProperty({ description: '符合条件的签约总数' }) total: number;
}

/** How a signing's review reads: 无需认定 for one approved as it was recorded (no reviewer). */
export const reviewStatusLabel = (status: SigningReviewStatus, reviewedAt: Date | null): string =>
  status === SigningReviewStatus.Approved && !reviewedAt ? '无需认定' : SIGNING_REVIEW_STATUS_LABELS[status];

export class SigningEventView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() heldOn: string;
  @ApiProperty() isOnline: boolean;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ description: '签约项目数（首次签约；只计已认定的签约）' }) projectCount: number;
  @ApiProperty({ description: '签约笔数（含补充签约；只计已认定的签约）' }) signingCount: number;
  @ApiProperty({ example: '5919500', description: '签约总额（万元）' }) totalAmount: string;
  @ApiProperty({ example: '591.95', description: '签约总额（亿元）' }) totalAmountYi: string;
}

/** A signing as a lead's timeline shows it. */
export const toSigningTimelineEntry = (s: SigningTimelineRow): TimelineEntryView => ({
  at: s.created_at,
  kind: 'signing' as const,
  title: `${s.kind === 'supplement' ? '补充签约' : '签约'}：${AGREEMENT_TYPE_LABELS[s.agreement_type]} ${fromNumeric(s.amount)} 万元（${s.signed_on}）${s.review_status === SigningReviewStatus.Approved ? '' : `【${SIGNING_REVIEW_STATUS_LABELS[s.review_status]}】`}`,
  detail: null,
  actor: s.display_name,
  refId: s.id,
});

export const ROSTER_SORTS = ['registered', 'amount'] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];

/** The 网签项目清单's order: as registered (default), or by amount, largest first. */
export class RosterQuery {
  @ApiPropertyOptional({ enum: ROSTER_SORTS, default: 'registered', description: 'registered 按登记先后 / amount 按签约额从大到小（同额按登记先后）；序号随排序' })
  @IsOptional()
  @IsIn(ROSTER_SORTS)
  sort?: RosterSort;
}

/** One signing of the 网签项目清单. */
export class RosterItem {
  @ApiProperty({ description: '序号（按清单的排序：默认登记先后，sort=amount 时按签约额从大到小）' }) seq: number;
  @ApiProperty() signingId: string;
  @ApiProperty({ description: '项目名称（线索名称）' }) projectName: string;
  @ApiProperty({ type: Ref, description: '投资方（企业）' }) enterprise: Ref;
  @ApiProperty({ example: '500000', description: '签约额（万元）；补充签约为增加的金额' }) amount: string;
  @ApiProperty({ enum: SigningKind }) kind: SigningKind;
  @ApiProperty({ example: '首次签约', description: '首次签约 / 补充签约' }) kindLabel: string;
  @ApiProperty({ example: '投资协议' }) agreementTypeLabel: string;
  @ApiProperty({ type: Ref, description: '落地旗县区（或市本级）' }) landingRegionUnit: Ref;
  @ApiProperty({ type: Ref, nullable: true, description: '所属产业链' }) industryChain: Ref | null;
  @ApiProperty({ type: Ref, description: '招商队' }) team: Ref;
  @ApiProperty({ enum: SigningReviewStatus }) reviewStatus: SigningReviewStatus;
  @ApiProperty({ example: '已认定', description: '认定状态：待认定 / 已认定 / 不予认定 / 无需认定' }) reviewStatusLabel: string;
  @ApiProperty({ description: '是否计入签约统计（已认定）' }) counted: boolean;
}

/** An amount in 万元 and in 亿元. */
export class RosterTotal {
  @ApiProperty({ description: '笔数' }) signings: number;
  @ApiProperty({ example: '5919500', description: '万元' }) amount: string;
  @ApiProperty({ example: '591.95', description: '亿元' }) amountYi: string;
}

/**
 * GET /signing-events/:id/roster: what was signed at the event — every signing of it the caller
 * may see, whatever its review (a 网签 list is the day's list; 认定状态 says which count), with
 * the total listed and the total counted (已认定, the figure the event reports).
 */
export class SigningRosterView {
  @ApiProperty({ type: SigningEventView }) event: SigningEventView;
  @ApiProperty({ type: [RosterItem] }) items: RosterItem[];
  @ApiProperty({ type: RosterTotal, description: '清单合计（所列全部签约）' }) total: RosterTotal;
  @ApiProperty({ type: RosterTotal, description: '其中计入统计（已认定）的合计' }) counted: RosterTotal;
}
