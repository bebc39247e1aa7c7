import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { queryBoolean } from '../../common/http/transforms';
import { ImportQuery } from '../../common/spreadsheet/import.dto';
import { ReportFrameView, ReportPeriodQuery } from '../../common/time/report-period.dto';
import { NodeView, Ref } from './project.dto';

export const SCHEDULE_MAX_PAGE = 500;

/** The filters of the 项目调度表 (JSON and .xlsx). */
export class ScheduleFilterQuery extends ReportPeriodQuery {
  @ApiPropertyOptional({ description: '旗县区（含下级）；经理须能看到该区域全部' }) @IsOptional() @IsUUID('all', { message: '旗县区 regionUnitId 必须是 UUID' }) regionUnitId?: string;
  @ApiPropertyOptional({ description: '产业链' }) @IsOptional() @IsUUID('all', { message: '产业链 industryChainId 必须是 UUID' }) industryChainId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '重大项目：true 只列总投资不低于 config/reporting.json majorProjectMinInvestment（万元）的项目，false 只列其余' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: '重大项目 major 必须是 true 或 false' })
  major?: boolean;
}

/** GET /registry/schedule: the filters plus a keyset page. */
export class ScheduleQuery extends ScheduleFilterQuery {
  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SCHEDULE_MAX_PAGE, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '每页条数 limit 必须是整数' })
  @Min(1, { message: '每页条数 limit 至少为 1' })
  @Max(SCHEDULE_MAX_PAGE, { message: `每页条数 limit 不能超过 ${SCHEDULE_MAX_PAGE}` })
  limit?: number;
}

/** The six amounts of a row, a group or the total (万元, exact decimal strings). */
export class ScheduleFiguresView {
  @ApiProperty({ example: '680600', description: '总投资' }) totalInvestment: string;
  @ApiProperty({ example: '20000', description: '年度计划投资（期间所在年度）；单个项目未列计划时为 null，小计与合计按 0 计' , nullable: true, type: String }) annualPlan: string | null;
  @ApiProperty({ example: '11000', description: '期间内截至数据截至所在月的完成投资（1–N月完成投资）' }) completedInPeriod: string;
  @ApiProperty({ example: '1000', description: '本月（计入的最后一个月）完成投资' }) completedInMonth: string;
  @ApiProperty({ example: '9000', description: '期间内截至数据截至所在月的实际到位资金（各来源合计）' }) fundsInPeriod: string;
  @ApiProperty({ example: '500', description: '本月实际到位资金' }) fundsInMonth: string;
}

export class ScheduleProblemView {
  @ApiProperty() category: string;
  @ApiProperty({ example: '用地' }) categoryLabel: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: '责任部门' }) responsibleDepartment: string;
}

export class ScheduleRowView extends ScheduleFiguresView {
  @ApiProperty({ description: '序号（全表连续）' }) seq: number;
  @ApiProperty({ description: '项目编号' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Ref, nullable: true, description: '旗县区（市本级项目为市）' }) regionUnit: Ref | null;
  @ApiProperty({ description: '旗县区列显示的名称（市级单位显示「市本级」）' }) regionLabel: string;
  @ApiProperty({ type: Ref, nullable: true }) industryChain: Ref | null;
  @ApiProperty({ nullable: true, type: String, description: '建设内容（产能）' }) capacity: string | null;
  @ApiProperty({ type: NodeView, nullable: true, description: '当前节点：第一个未完成的节点；全部完成时为投产运行；停缓建时为 null' }) currentNode: NodeView | null;
  @ApiProperty({ example: '开工建设·正常推进（计划 2022-05-01）', description: '当前节点及进展（表中文字）' }) progressText: string;
  @ApiProperty({ type: [ScheduleProblemView], description: '未解决的卡点堵点' }) problems: ScheduleProblemView[];
  @ApiProperty({ nullable: true, type: String, description: '项目负责人' }) owner: string | null;
}

export class ScheduleGroupView extends ScheduleFiguresView {
  @ApiProperty({ enum: ['chain', 'county'], description: 'chain 旗县区内某产业链的小计 / county 旗县区小计' }) level: 'chain' | 'county';
  @ApiProperty({ type: Ref, nullable: true }) regionUnit: Ref | null;
  @ApiProperty() regionLabel: string;
  @ApiProperty({ type: Ref, nullable: true, description: 'level=chain 时的产业链（null：未指定产业链）' }) industryChain: Ref | null;
  @ApiProperty() projectCount: number;
}

export class ScheduleTotalView extends ScheduleFiguresView {
  @ApiProperty() projectCount: number;
}

export class ScheduleView {
  @ApiProperty({ type: ReportFrameView }) frame: ReportFrameView;
  @ApiProperty({ example: '2022年1–10月全市重点项目调度表' }) title: string;
  @ApiProperty({ example: 2022, description: '年度计划投资所属年度' }) planYear: number;
  @ApiProperty({ example: '1–10月', description: '「1–N月」列名中的月份（计入的月份）' }) monthsLabel: string;
  @ApiProperty({ nullable: true, type: String, example: '2022-10', description: '「本月」：计入的最后一个月；数据截至早于期间时为 null' }) month: string | null;
  @ApiProperty({ type: [ScheduleRowView] }) items: ScheduleRowView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
  @ApiProperty({ description: '全部项目数（各页合计）' }) projectCount: number;
  @ApiProperty({ type: [ScheduleGroupView], description: '各组小计，按表中顺序：每个旗县区先列其各产业链小计，再列旗县区小计' }) groups: ScheduleGroupView[];
  @ApiProperty({ type: ScheduleTotalView, description: '合计' }) total: ScheduleTotalView;
}

/** POST /imports/project-progress query: ?dryRun= and the month written. */
export class ProgressImportQuery extends ImportQuery {
  @ApiPropertyOptional({ example: '2022-10', description: '填报月份 YYYY-MM；不填则取自标题行「本月：YYYY年M月」（本系统导出的调度表都有）；两者都有而不一致时拒绝' })
  @IsOptional()
  @Matches(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, { message: '填报月份 month 必须是年月，如 2022-10' })
  month?: string;
}
