import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { queryBoolean } from '../../common/http/transforms';
import { PageLimit } from '../../common/pagination/page';
import { ConstructionType, LEVEL_LABELS, ProjectLevel, ProjectLifecycle } from '../entities/project-enums';
import { Pace } from '../project-rules';
import { IsCalendarDate, ProjectLocationDto, Ref, RegistryFilter } from './project.dto';

export const SUMMARY_GROUPS = ['county', 'chain', 'year'] as const;
export type SummaryGroupBy = (typeof SUMMARY_GROUPS)[number];

export class SummaryQuery {
  @ApiPropertyOptional({ enum: SUMMARY_GROUPS, default: 'county', description: 'county 按旗县区 / chain 按产业链 / year 按年度（所选年份及之前四年）' })
  @IsOptional()
  @IsIn(SUMMARY_GROUPS)
  groupBy?: SummaryGroupBy;

  @ApiPropertyOptional({ description: '年度；默认今年（北京时间）' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;

  @ApiPropertyOptional({ description: '统计截止日（北京时间），默认今天：序时进度按此计算，完成投资计至该月，同比取上年同期' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ description: '所在区域（含下级）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() industryChainId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '重大项目：true 只统计总投资不低于 config/reporting.json majorProjectMinInvestment（万元）的项目，false 只统计其余' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  major?: boolean;
}

export class ThreeUnQuery {
  @ApiPropertyOptional({ description: '只看列入该年度计划的项目；不填看全部' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ description: '所在区域（含下级）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() industryChainId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '重大项目：true 只列总投资不低于 config/reporting.json majorProjectMinInvestment（万元）的项目，false 只列其余' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  major?: boolean;
  @PageLimit(500, '每张清单最多列出的项目数（count 总是全数）', 2000)
  limit?: number;
}

/** The .xlsx takes the list's filters without a row limit: it lists every project. */
export class ThreeUnExportQuery extends OmitType(ThreeUnQuery, ['limit'] as const) {}

/** The 招商地图's 三未项目数: the same filters, counted per county. */
export class ThreeUnCountsQuery extends OmitType(ThreeUnQuery, ['limit'] as const) {}

export class ThreeUnCountyCount {
  @ApiProperty({ type: Ref, description: '项目所在旗县区' }) regionUnit: Ref;
  @ApiProperty({ description: '三未项目数：列入任一张三未清单的项目，每个项目计一次' }) count: number;
}

export class ThreeUnCountsView {
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [ThreeUnCountyCount], description: '有三未项目的旗县区（无所在区域的项目不计入）' }) counties: ThreeUnCountyCount[];
}

/** One period's figures for a group. */
export class PeriodFigures {
  @ApiProperty({ description: '列入年度计划的项目数' }) projectCount: number;
  @ApiProperty({ description: '开工项目数：实际开工日期在当年1月1日至统计截止日（上年同期为上年同日）之间的项目，不论是否列入年度计划' }) startedCount: number;
  @ApiProperty({ example: '5519500', description: '这些项目的总投资（万元）' }) totalInvestment: string;
  @ApiProperty({ example: '5510000', description: '年度计划投资（万元）' }) annualPlan: string;
  @ApiProperty({ example: '2755000', description: '当年截至统计月的完成投资（万元）' }) completedInYear: string;
  @ApiProperty({ nullable: true, type: Number, example: 50, description: '完成年度计划的百分比，两位小数；无计划时为 null' }) planDoneRate: number | null;
}

/** One 建设类型's share of a row's figures (新建 / 续建 / 改扩建: project-enums.ts constructionTypeOf). */
export class ConstructionSplit extends PeriodFigures {
  @ApiProperty({ enum: ConstructionType }) constructionType: ConstructionType;
  @ApiProperty({ example: '新建', description: '新建 / 续建 / 改扩建' }) label: string;
}

/** 三增长: which of the year-on-year figures grew. */
export class ThreeGrowth {
  @ApiProperty({ description: '项目数同比增长' }) projectCount: boolean;
  @ApiProperty({ description: '年度计划投资同比增长' }) annualPlan: boolean;
  @ApiProperty({ description: '计划完成率（速度）同比提高' }) pace: boolean;
  @ApiProperty({ description: '三项均增长' }) all: boolean;
}

export class YearOnYear {
  @ApiProperty({ description: '项目数增减' }) projectCount: number;
  @ApiProperty({ nullable: true, type: Number, description: '项目数增长率 %' }) projectCountRate: number | null;
  @ApiProperty({ description: '开工项目数增减' }) startedCount: number;
  @ApiProperty({ example: '1280000', description: '年度计划投资增减（万元）' }) annualPlan: string;
  @ApiProperty({ nullable: true, type: Number, description: '年度计划投资增长率 %' }) annualPlanRate: number | null;
  @ApiProperty({ example: '500000', description: '同期完成投资增减（万元）' }) completedInYear: string;
  @ApiProperty({ nullable: true, type: Number, description: '计划完成率同比增减（百分点）：速度' }) pacePoints: number | null;
  @ApiProperty({ type: () => ThreeGrowth, description: '三增长：项目数、年度投资、速度同比均增长' })
  threeGrowth: ThreeGrowth;
}

export class SummaryRow extends PeriodFigures {
  @ApiProperty({ type: Ref, nullable: true, description: '旗县区或产业链（groupBy=year 时为 null）；null id 表示未指定' }) group: { id: string | null; name: string } | null;
  @ApiProperty() year: number;
  @ApiProperty({ example: 50.14, description: '序时进度 %：按本部署实时看板口径（config/reporting.json pace.live，见 paceConvention）' }) timeElapsedRate: number;
  @ApiProperty({ nullable: true, type: Number, description: '完成率减序时进度（百分点），正为超序时' }) aheadByPoints: number | null;
  @ApiProperty({ nullable: true, enum: ['ahead', 'on_pace', 'behind'] }) pace: Pace | null;
  @ApiProperty({ type: [ConstructionSplit], description: '按建设类型（新建 / 续建 / 改扩建）分列本期数字，三项相加等于本行' }) byConstruction: ConstructionSplit[];
  @ApiProperty({ type: PeriodFigures, description: '上年同期' }) previous: PeriodFigures;
  @ApiProperty({ type: YearOnYear }) yoy: YearOnYear;
}

export class SummaryView {
  @ApiProperty({ enum: SUMMARY_GROUPS }) groupBy: SummaryGroupBy;
  @ApiProperty() year: number;
  @ApiProperty() asOf: string;
  @ApiProperty({ enum: ['months', 'days'], description: '序时进度的算法：months 按月（1–N月为 N/12）/ days 按日' }) paceConvention: 'months' | 'days';
  @ApiProperty({ nullable: true, type: Boolean, description: '重大项目筛选：true 仅重大项目，false 仅非重大项目，null 全部' }) major: boolean | null;
  @ApiProperty({ type: [SummaryRow] }) groups: SummaryRow[];
  @ApiProperty({ type: SummaryRow, nullable: true, description: '合计（按年度分组时为 null）' }) total: SummaryRow | null;
}

export class ThreeUnItem {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ProjectLifecycle }) lifecycle: ProjectLifecycle;
  @ApiProperty() lifecycleLabel: string;
  @ApiProperty({ enum: ProjectLevel }) level: ProjectLevel;
  @ApiProperty({ enum: Object.values(LEVEL_LABELS) }) levelLabel: string;
  @ApiProperty({ type: Ref, nullable: true }) regionUnit: Ref | null;
  @ApiProperty({ type: Ref, nullable: true }) industryChain: Ref | null;
  @ApiProperty({ type: Ref, nullable: true }) team: Ref | null;
  @ApiProperty() totalInvestment: string;
  @ApiProperty({ nullable: true, type: String }) plannedStartOn: string | null;
  @ApiProperty({ nullable: true, type: String }) startedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedCompletionOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: '最近一次有完成投资的月份' }) lastProgressMonth: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '超过计划日期的天数' }) overdueDays: number | null;
}

export class ThreeUnList {
  @ApiProperty() count: number;
  @ApiProperty({ type: [ThreeUnItem] }) items: ThreeUnItem[];
}

export class ThreeUnView {
  @ApiProperty() asOf: string;
  @ApiProperty({ nullable: true, type: Number }) year: number | null;
  @ApiProperty({ type: ThreeUnList, description: '立项未开工：已签约/已注册/前期手续，计划开工日已过仍未开工' }) notStarted: ThreeUnList;
  @ApiProperty({ type: ThreeUnList, description: '开工未建设：开工建设中，近两个月（及本月）没有完成投资' }) startedNotBuilding: ThreeUnList;
  @ApiProperty({ type: ThreeUnList, description: '建设未竣工：开工建设中，计划竣工日已过仍未竣工' }) notCompleted: ThreeUnList;
}

export class UnfulfilledQuery extends RegistryFilter {
  @ApiPropertyOptional({ example: '2022-10-31', description: '数据截至日期（北京时间），默认今天：按项目各节点日期判断截至该日的状态，逾期天数算到该日' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @PageLimit(500, '每张清单最多列出的项目数（count 总是全数；.xlsx 列出全部）', 2000)
  limit?: number;
}

/** The .xlsx takes the list's filters without a row limit: it lists every project. */
export class UnfulfilledExportQuery extends OmitType(UnfulfilledQuery, ['limit'] as const) {}

export class UnfulfilledItem {
  @ApiProperty({ description: '序号（按逾期天数从多到少）' }) seq: number;
  @ApiProperty() id: string;
  @ApiProperty({ description: '项目名称' }) name: string;
  @ApiProperty({ enum: ProjectLifecycle }) lifecycle: ProjectLifecycle;
  @ApiProperty({ example: '已签约' }) lifecycleLabel: string;
  @ApiProperty({ enum: ProjectLevel }) level: ProjectLevel;
  @ApiProperty({ enum: Object.values(LEVEL_LABELS) }) levelLabel: string;
  @ApiProperty({ type: Ref, nullable: true, description: '投资方（项目业主）' }) enterprise: Ref | null;
  @ApiProperty({ type: Ref, nullable: true, description: '所在旗县区' }) regionUnit: Ref | null;
  @ApiProperty({ type: Ref, nullable: true, description: '所属产业链' }) industryChain: Ref | null;
  @ApiProperty({ type: Ref, nullable: true, description: '招商队' }) team: Ref | null;
  @ApiProperty({ example: '680600', description: '总投资（万元）' }) totalInvestment: string;
  @ApiProperty({ nullable: true, type: String, description: '签约日期' }) signedOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: '注册日期' }) registeredOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: '计划开工日期' }) plannedStartOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: '实际开工日期' }) startedOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: '计划竣工投产日期' }) plannedCompletionOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: '期限：签约未注册为签约日期加 config/reporting.json unfulfilled.registerWithinDays 天，注册未开工为计划开工日期，开工未投产为计划竣工投产日期；未填计划日期时为 null' })
  deadline: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '逾期天数：数据截至日减期限的天数，未到期为 0，没有期限为 null' }) overdueDays: number | null;
}

export class UnfulfilledList {
  @ApiProperty({ example: '签约未注册' }) label: string;
  @ApiProperty({ example: '签约日期', description: '本清单的起始节点日期列' }) sinceLabel: string;
  @ApiProperty({ example: '注册期限', description: '本清单的期限列' }) deadlineLabel: string;
  @ApiProperty({ description: '清单中的项目总数' }) count: number;
  @ApiProperty({ description: '其中已逾期的项目数' }) overdue: number;
  @ApiProperty({ type: [UnfulfilledItem], description: '按逾期天数从多到少（至多 limit 个）' }) items: UnfulfilledItem[];
}

export class UnfulfilledView {
  @ApiProperty({ example: '2022-10-31', description: '数据截至' }) dataAsOf: string;
  @ApiProperty({ example: 90, description: '签约后应在此天数内注册（config/reporting.json unfulfilled.registerWithinDays）' }) registerWithinDays: number;
  @ApiProperty({ nullable: true, type: Boolean, description: '重大项目筛选：true 仅重大项目，false 仅非重大项目，null 全部' }) major: boolean | null;
  @ApiProperty({ type: UnfulfilledList, description: '签约未注册：已签约，截至数据截至日仍未注册（也未开工、投产）' }) unregistered: UnfulfilledList;
  @ApiProperty({ type: UnfulfilledList, description: '注册未开工：已注册，仍未开工' }) notStarted: UnfulfilledList;
  @ApiProperty({ type: UnfulfilledList, description: '开工未投产：已开工，仍未竣工投产' }) notProducing: UnfulfilledList;
}

export class LocationsQuery extends RegistryFilter {
  @PageLimit(1000, '最多列出的项目数（按总投资从大到小；count 总是全数）', 2000)
  limit?: number;
}

/** A project drawn as a point on the 招商地图. */
export class ProjectPointView extends OmitType(ThreeUnItem, ['lastProgressMonth', 'overdueDays'] as const) {
  @ApiProperty({ example: '0', description: '签约额（万元）' }) signedAmount: string;
  @ApiProperty({ type: ProjectLocationDto }) location: ProjectLocationDto;
}

export class LocationsView {
  @ApiProperty({ description: '可见范围内（按筛选）记有位置的项目数' }) count: number;
  @ApiProperty({ type: [ProjectPointView] }) items: ProjectPointView[];
}
