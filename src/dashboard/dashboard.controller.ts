import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { businessDate } from '../common/time/business-time';
import { DashboardService } from './dashboard.service';
import { DashboardView } from './dto/dashboard.dto';

class DashboardQuery {
  @ApiPropertyOptional({ type: Number, minimum: 2000, maximum: 2100, description: '年度，默认今年（北京时间）', example: 2022 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
}

@ApiTags('dashboard 驾驶舱')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({ summary: '驾驶舱：本月对接与走访、各阶段线索、年度签约对照目标、转化率、项目库指标、队伍前五后五、月度趋势、分旗县区与分产业链签约额' })
  @ApiOkResponse({ type: DashboardView })
  get(@CurrentUser() actor: AuthUser, @Query() query: DashboardQuery) {
    return this.dashboard.dashboard(actor, query.year ?? Number(businessDate(new Date()).slice(0, 4)));
  }
}
