import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { PERIOD_TYPES, PeriodType } from '../common/time/period';
import { ReportPeriodQuery } from '../common/time/report-period.dto';
import { DashboardService } from './dashboard.service';
import { DashboardView } from './dto/dashboard.dto';
import { FromReplica } from '../database/read-replica';

/** The dashboard's period: any report period, a year by default; 数据截至 today by default. */
class DashboardQuery extends OmitType(ReportPeriodQuery, ['periodType', 'year'] as const) {
  @ApiPropertyOptional({ enum: PERIOD_TYPES, default: 'year', description: '期间类型，默认 year（见 /targets/progress）' })
  @IsOptional()
  @IsIn(PERIOD_TYPES)
  periodType?: PeriodType;

  @ApiPropertyOptional({ type: Number, minimum: 2000, maximum: 2100, description: '年度，默认数据截至日期所在年（北京时间）', example: 2022 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

@ApiTags('dashboard 驾驶舱')
@ApiBearerAuth()
@Controller('dashboard')
@FromReplica()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({
    summary: '驾驶舱：本月对接与走访、各阶段线索、期间签约对照目标（附同比）、转化率、项目库指标、队伍前五后五、月度趋势、分旗县区与分产业链签约额',
    description: '期间默认为今年，可为半年、季度、1–N月或月份区间；数据截至 asOf（默认今天）。序时进度按 config/reporting.json 的 pace.live 口径。',
  })
  @ApiOkResponse({ type: DashboardView })
  get(@CurrentUser() actor: AuthUser, @Query() query: DashboardQuery) {
    return this.dashboard.dashboard(actor, query);
  }
}
