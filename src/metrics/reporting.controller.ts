import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UnitReportQuery, UnitReportView } from './dto/unit-report.dto';
import { METRIC_LABELS, METRICS } from './metric';
import { ConversionRatesView, toConversionRatesView } from './dto/conversion-rates.dto';
import { UnitReportService } from './unit-report.service';
import { ReportingRulesView } from './dto/reporting-rules.dto';
import { ATTRIBUTION_LABELS, CREDIT_SHARING_LABELS, PACE_LABELS, REPORTING_RULES, ReportingRules } from './reporting-rules';
import { FromReplica } from '../database/read-replica';

@ApiTags('reporting 通报口径')
@ApiBearerAuth()
@Controller('reporting')
@FromReplica()
export class ReportingController {
  constructor(
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
    private readonly unitReport: UnitReportService,
  ) {}

  @Roles(Role.Admin, Role.Manager)
  @Get('units')
  @ApiOperation({
    summary: '通报表：上级区划（默认全市）下各旗县区一行、市本级一行、合计一行；可相加的指标各行之和精确等于合计。view=configured 按配置口径（默认）/ landing 按项目落地地 / team 按招商主体',
  })
  @ApiOkResponse({ type: UnitReportView })
  units(@CurrentUser() actor: AuthUser, @Query() query: UnitReportQuery): Promise<UnitReportView> {
    return this.unitReport.report(actor, query);
  }

  @Get('rules')
  @ApiOperation({ summary: '本部署的通报口径：各指标按落地地还是招商主体计、联合招商如何分计、序时进度算法、重大项目标准、是否须项目认定' })
  @ApiOkResponse({ type: ReportingRulesView })
  rulesOf(): ReportingRulesView {
    const r = this.rules;
    return {
      attribution: METRICS.map((m) => ({ metric: m, label: METRIC_LABELS[m], attribution: r.attribution[m], attributionLabel: ATTRIBUTION_LABELS[r.attribution[m]] })),
      creditSharing: r.creditSharing,
      creditSharingLabel: CREDIT_SHARING_LABELS[r.creditSharing],
      pace: { bulletin: r.pace.bulletin, bulletinLabel: PACE_LABELS[r.pace.bulletin], live: r.pace.live, liveLabel: PACE_LABELS[r.pace.live] },
      majorProjectMinInvestment: r.majorProjectMinInvestment,
      signingReviewRequired: r.signingReview.required,
      registerWithinDays: r.unfulfilled.registerWithinDays,
      issuer: r.issuer,
    };
  }

  @Get('rates')
  @ApiOperation({ summary: '五个转化率（履约率、开工率、资金到位率、落地率、投产率）的定义：分子、分母、口径说明与计算方法，统计对象为所选期间的签约批次' })
  @ApiOkResponse({ type: ConversionRatesView })
  rates(): ConversionRatesView {
    return toConversionRatesView();
  }
}
