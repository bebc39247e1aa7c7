import { ApiProperty } from '@nestjs/swagger';

export class IndicatorAttributionView {
  @ApiProperty({ example: 'signed_amount' }) metric: string;
  @ApiProperty({ example: '签约金额（万元）' }) label: string;
  @ApiProperty({ enum: ['landing', 'team'] }) attribution: 'landing' | 'team';
  @ApiProperty({ example: '按项目落地地（旗县区 / 市本级）' }) attributionLabel: string;
}

export class PaceConventionsView {
  @ApiProperty({ enum: ['months', 'days'], description: '通报的序时进度' }) bulletin: 'months' | 'days';
  @ApiProperty({ example: '按月计（1–N月为 N/12）' }) bulletinLabel: string;
  @ApiProperty({ enum: ['months', 'days'], description: '实时看板的序时进度' }) live: 'months' | 'days';
  @ApiProperty({ example: '按日计（已过天数 ÷ 总天数）' }) liveLabel: string;
}

/** GET /reporting/rules: the deployment's 通报口径 (config/reporting.json), each with its label. */
export class ReportingRulesView {
  @ApiProperty({ type: [IndicatorAttributionView], description: '各指标的归属口径：按落地地或按招商主体' }) attribution: IndicatorAttributionView[];
  @ApiProperty({ enum: ['holder_only', 'agreed_shares'] }) creditSharing: 'holder_only' | 'agreed_shares';
  @ApiProperty({ example: '仅计牵头招商队' }) creditSharingLabel: string;
  @ApiProperty({ type: PaceConventionsView }) pace: PaceConventionsView;
  @ApiProperty({ example: '100000', description: '重大项目：总投资不低于此额（万元）' }) majorProjectMinInvestment: string;
  @ApiProperty({ description: '签约须经市级项目认定后才计入' }) signingReviewRequired: boolean;
  @ApiProperty({ example: 90, description: '三未清单：签约后应在此天数内注册，逾期列入签约未注册' }) registerWithinDays: number;
  @ApiProperty({ example: '通辽市投资促进中心', description: '制表单位：导出与打印的报表落款' }) issuer: string;
}
