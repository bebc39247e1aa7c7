import { IsCalendarDate } from '../../common/time/business-time';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { queryBoolean, trim } from '../../common/http/transforms';
import { fromNumeric, IsWanYuan, toUnits } from '../../common/money/wan-yuan';
import { PageQuery } from '../../common/pagination/page';
import { CONSTRUCTION_TYPE_LABELS, ConstructionType, constructionTypeOf, LEVEL_LABELS, LIFECYCLE_LABELS, NATURE_LABELS, ProjectLevel, ProjectLifecycle, ProjectNature, RolledUpSigningKind } from '../entities/project-enums';
import { Project } from '../entities/project.entity';
import { NodeStatus } from '../project-rules';
import { INT4_MAX } from '../../common/entity-columns';

const nullable = ValidateIf((_o, v) => v !== null);
/** Present means a value: null is refused for columns that cannot be empty. */
const definedOnly = ValidateIf((_o, v) => v !== undefined);

/** 项目位置: WGS-84 degrees to six places (about 0.1 m), within China's extent (the table's check says the same). */
export class ProjectLocationDto {
  @ApiProperty({ example: 122.263119, description: '经度（73–136，最多 6 位小数）' })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(73)
  @Max(136)
  lng: number;

  @ApiProperty({ example: 43.617429, description: '纬度（3–54，最多 6 位小数）' })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(3)
  @Max(54)
  lat: number;
}

const locationProperty = { type: ProjectLocationDto, nullable: true, description: '项目位置（在招商地图上选取）；null 清除' } as const;

export class CreateProjectDto {
  @ApiProperty({ example: '经安一期镍铁合金项目' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '680600', description: '总投资（万元），十进制字符串，最多 4 位小数' })
  @IsWanYuan({ min: 'zero' })
  totalInvestment: string;

  @ApiPropertyOptional({ description: '续建项目（true）/ 新建项目（false，默认）' })
  @IsOptional()
  @IsBoolean()
  isContinuing?: boolean;

  @ApiPropertyOptional({ enum: ProjectNature, description: 'new 新建 / expansion 扩建 / renovation 改建技改 / relocation 迁建；默认 new' })
  @IsOptional()
  @IsEnum(ProjectNature)
  nature?: ProjectNature;

  @ApiPropertyOptional({ enum: ProjectLevel, description: 'region_major 自治区重大 / city_key 市重点 / county_key 旗县重点 / general 一般；默认 general' })
  @IsOptional()
  @IsEnum(ProjectLevel)
  level?: ProjectLevel;

  @ApiPropertyOptional({ enum: ProjectLifecycle, description: '项目阶段；默认续建项目为 construction，其余为 signed' })
  @IsOptional()
  @IsEnum(ProjectLifecycle)
  lifecycle?: ProjectLifecycle;

  @ApiPropertyOptional({ type: String, nullable: true, description: '项目业主企业' }) @IsOptional() @nullable @IsUUID() enterpriseId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '引进的招商队；不填则按所在旗县区由分管领导查看' }) @IsOptional() @nullable @IsUUID() teamId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '所在旗县区；填乡镇或村时记为其所属旗县区' }) @IsOptional() @nullable @IsUUID() regionUnitId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsUUID() industryChainId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '项目负责人（在职用户），每月提醒其填报完成投资' }) @IsOptional() @nullable @IsUUID() ownerUserId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2022-03-01', description: '注册日期' }) @IsOptional() @nullable @IsCalendarDate() registeredOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2022-05-01', description: '计划开工日期' }) @IsOptional() @nullable @IsCalendarDate() plannedStartOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '实际开工日期' }) @IsOptional() @nullable @IsCalendarDate() startedOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '计划竣工投产日期' }) @IsOptional() @nullable @IsCalendarDate() plannedCompletionOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '实际竣工投产日期' }) @IsOptional() @nullable @IsCalendarDate() completedOn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '年产120万吨镍铁合金、60万吨硅锰合金及40万吨高碳铬铁合金', description: '建设规模及内容（产能）' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  capacity?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1000000', description: '预计年产值（万元/年）' }) @IsOptional() @nullable @IsWanYuan({ min: 'zero' }) expectedOutputValue?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '50000', description: '预计年税收（万元/年）' }) @IsOptional() @nullable @IsWanYuan({ min: 'zero' }) expectedTax?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @nullable
  @IsString()
  @MaxLength(2000)
  notes?: string | null;

  @ApiPropertyOptional(locationProperty) @IsOptional() @nullable @ValidateNested() @Type(() => ProjectLocationDto) location?: ProjectLocationDto | null;
}

export class UpdateProjectDto {
  @ApiPropertyOptional() @definedOnly @Transform(trim) @IsString() @MinLength(2) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ description: '总投资（万元）' }) @definedOnly @IsWanYuan({ min: 'zero' }) totalInvestment?: string;
  @ApiPropertyOptional() @definedOnly @IsBoolean() isContinuing?: boolean;
  @ApiPropertyOptional({ enum: ProjectNature }) @definedOnly @IsEnum(ProjectNature) nature?: ProjectNature;
  @ApiPropertyOptional({ enum: ProjectLevel }) @definedOnly @IsEnum(ProjectLevel) level?: ProjectLevel;
  @ApiPropertyOptional({ enum: ProjectLifecycle }) @definedOnly @IsEnum(ProjectLifecycle) lifecycle?: ProjectLifecycle;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsUUID() enterpriseId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsUUID() teamId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsUUID() regionUnitId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsUUID() industryChainId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsUUID() ownerUserId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsCalendarDate() registeredOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsCalendarDate() plannedStartOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsCalendarDate() startedOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsCalendarDate() plannedCompletionOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsCalendarDate() completedOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @Transform(trim) @IsString() @MaxLength(4000) capacity?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsWanYuan({ min: 'zero' }) expectedOutputValue?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsWanYuan({ min: 'zero' }) expectedTax?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsString() @MaxLength(2000) notes?: string | null;
  @ApiPropertyOptional(locationProperty) @IsOptional() @nullable @ValidateNested() @Type(() => ProjectLocationDto) location?: ProjectLocationDto | null;

  @ApiProperty({ description: '读取时的 version；他人已修改时返回 409' })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  version: number;
}

export class SetNodeDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: '计划完成日期；null 清除' }) @IsOptional() @nullable @IsCalendarDate() plannedOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: '实际完成日期；null 清除' }) @IsOptional() @nullable @IsCalendarDate() doneOn?: string | null;
  @ApiPropertyOptional({ description: '读取时的 version；给出时他人已修改则返回 409' }) @IsOptional() @IsInt() @Min(1) @Max(INT4_MAX) version?: number;
}

export class SetYearPlanDto {
  @ApiProperty({ example: '20000', description: '年度计划投资（万元）' })
  @IsWanYuan({ min: 'zero' })
  plannedInvestment: string;
}

export class ReportProgressDto {
  @ApiProperty({ example: '1500', description: '当月完成投资（万元）；同一月份再次填报即更正，不累加' })
  @IsWanYuan({ min: 'zero' })
  completedInvestment: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '主体厂房封顶' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: '2022-03-15',
    description: '实际开工日期：项目尚未开工（已签约/已注册/前期手续且无开工日期）时，可在填报的同时记录开工节点，项目阶段随之进入开工建设；不得晚于今天及所报月份的月末',
  })
  @IsOptional()
  @IsCalendarDate()
  startedOn?: string;
}

export const PROJECT_SORTS = ['createdAt', 'updatedAt', 'totalInvestment'] as const;

/** Filters shared by the project list, the registry summary and the 三未 lists. */
export class RegistryFilter {
  @ApiPropertyOptional({ description: '所在区域（含下级，如某旗县区）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() industryChainId?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '重大项目：true 只看总投资不低于 config/reporting.json majorProjectMinInvestment（万元）的项目，false 只看其余' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  major?: boolean;
}

export class ProjectQuery extends PageQuery {
  @ApiPropertyOptional({ description: '所在区域（含下级，如某旗县区）' }) @IsOptional() @IsUUID() regionUnitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() industryChainId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() enterpriseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerUserId?: string;
  @ApiPropertyOptional({ enum: ProjectLifecycle }) @IsOptional() @IsEnum(ProjectLifecycle) lifecycle?: ProjectLifecycle;
  @ApiPropertyOptional({ enum: ProjectLevel }) @IsOptional() @IsEnum(ProjectLevel) level?: ProjectLevel;
  @ApiPropertyOptional({ enum: ProjectNature }) @IsOptional() @IsEnum(ProjectNature) nature?: ProjectNature;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '续建（true）/ 非续建（false）' }) @IsOptional() @Transform(queryBoolean) @IsBoolean() isContinuing?: boolean;
  @ApiPropertyOptional({ enum: ConstructionType, description: '建设类型：new 新建 / continuing 续建 / rebuild 改扩建' }) @IsOptional() @IsEnum(ConstructionType) constructionType?: ConstructionType;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '重大项目：true 只看总投资不低于 config/reporting.json majorProjectMinInvestment（万元）的项目，false 只看其余' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  major?: boolean;
  @ApiPropertyOptional({ description: '列入该年度计划（有年度计划投资）的项目' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ description: '项目名称片段' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '节点逾期：true 只看有节点（注册、前期手续、开工、投产）计划日期已过仍未完成的项目，false 只看其余' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdueNode?: boolean;
  @ApiPropertyOptional({ enum: PROJECT_SORTS, default: 'createdAt' }) @IsOptional() @IsIn(PROJECT_SORTS) sort?: (typeof PROJECT_SORTS)[number];
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

/** GET /registry/projects.xlsx: the list's filters, without paging or sorting. */
export class ProjectExportQuery extends OmitType(ProjectQuery, ['cursor', 'limit', 'sort', 'order'] as const) {}

export { RollupSigningPayload } from '../../queue/jobs';

export class Ref {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class ProjectView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Ref, nullable: true, description: '来源线索（签约入库的项目）' }) lead: Ref | null;
  @ApiProperty({ type: Ref, nullable: true }) enterprise: Ref | null;
  @ApiProperty({ type: Ref, nullable: true }) team: Ref | null;
  @ApiProperty({ type: Ref, nullable: true, description: '所在旗县区' }) regionUnit: Ref | null;
  @ApiProperty({ type: Ref, nullable: true }) industryChain: Ref | null;
  @ApiProperty({ type: Ref, nullable: true, description: '项目负责人' }) owner: Ref | null;
  @ApiProperty({ example: '680600', description: '总投资（万元）' }) totalInvestment: string;
  @ApiProperty({ description: '重大项目：总投资不低于 config/reporting.json 的 majorProjectMinInvestment（万元）' }) isMajor: boolean;
  @ApiProperty({ example: '0', description: '签约额（万元）：入库签约之和' }) signedAmount: string;
  @ApiProperty({ nullable: true, type: String }) signedOn: string | null;
  @ApiProperty() isContinuing: boolean;
  @ApiProperty({ enum: ConstructionType, description: '建设类型：续建（跨年续建）/ 改扩建（扩建、改建技改）/ 新建' }) constructionType: ConstructionType;
  @ApiProperty({ example: '新建', description: '建设类型名称：新建 / 续建 / 改扩建' }) constructionLabel: string;
  @ApiProperty({ enum: ProjectNature }) nature: ProjectNature;
  @ApiProperty() natureLabel: string;
  @ApiProperty({ enum: ProjectLevel }) level: ProjectLevel;
  @ApiProperty() levelLabel: string;
  @ApiProperty({ enum: ProjectLifecycle }) lifecycle: ProjectLifecycle;
  @ApiProperty() lifecycleLabel: string;
  @ApiProperty({ nullable: true, type: String }) registeredOn: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedStartOn: string | null;
  @ApiProperty({ nullable: true, type: String }) startedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedCompletionOn: string | null;
  @ApiProperty({ nullable: true, type: String }) completedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) capacity: string | null;
  @ApiProperty({ nullable: true, type: String, description: '预计年产值（万元/年）' }) expectedOutputValue: string | null;
  @ApiProperty({ nullable: true, type: String, description: '预计年税收（万元/年）' }) expectedTax: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ type: ProjectLocationDto, nullable: true, description: '项目位置（经纬度）' }) location: ProjectLocationDto | null;
  @ApiProperty({ example: '11000', description: '累计完成投资（万元）：各月填报之和，不可直接填写' }) cumulativeCompleted: string;
  @ApiProperty({ description: '累计完成投资超过总投资' }) overrun: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

/** The project's point, or null; numeric(9,6) reads back as a string of at most six places, exact as a JS number. */
export function locationOf(p: Pick<Project, 'locationLng' | 'locationLat'>): ProjectLocationDto | null {
  return p.locationLng === null || p.locationLat === null ? null : { lng: Number(p.locationLng), lat: Number(p.locationLat) };
}

/** The columns a location (or null) writes. */
export function locationColumns(location: ProjectLocationDto | null): Pick<Project, 'locationLng' | 'locationLat'> {
  return location ? { locationLng: location.lng.toFixed(6), locationLat: location.lat.toFixed(6) } : { locationLng: null, locationLat: null };
}

/** A project's view; `p` with its lead, enterprise, team, region, chain and owner loaded; `majorMin`: the 重大项目 threshold (万元). */
export function toProjectView(p: Project, cumulativeCompleted: string, majorMin: string): ProjectView {
  const ref = (x: { id: string; name: string } | null | undefined) => (x ? { id: x.id, name: x.name } : null);
  return {
    id: p.id,
    name: p.name,
    lead: p.lead ? { id: p.lead.id, name: p.lead.title } : null,
    enterprise: ref(p.enterprise),
    team: ref(p.team),
    regionUnit: ref(p.regionUnit),
    industryChain: ref(p.industryChain),
    owner: p.ownerUser ? { id: p.ownerUser.id, name: p.ownerUser.displayName } : null,
    totalInvestment: fromNumeric(p.totalInvestment),
    isMajor: toUnits(fromNumeric(p.totalInvestment)) >= toUnits(majorMin),
    signedAmount: fromNumeric(p.signedAmount),
    signedOn: p.signedOn,
    isContinuing: p.isContinuing,
    constructionType: constructionTypeOf(p),
    constructionLabel: CONSTRUCTION_TYPE_LABELS[constructionTypeOf(p)],
    nature: p.nature,
    natureLabel: NATURE_LABELS[p.nature],
    level: p.level,
    levelLabel: LEVEL_LABELS[p.level],
    lifecycle: p.lifecycle,
    lifecycleLabel: LIFECYCLE_LABELS[p.lifecycle],
    registeredOn: p.registeredOn,
    plannedStartOn: p.plannedStartOn,
    startedOn: p.startedOn,
    plannedCompletionOn: p.plannedCompletionOn,
    completedOn: p.completedOn,
    capacity: p.capacity,
    expectedOutputValue: p.expectedOutputValue === null ? null : fromNumeric(p.expectedOutputValue),
    expectedTax: p.expectedTax === null ? null : fromNumeric(p.expectedTax),
    notes: p.notes,
    location: locationOf(p),
    cumulativeCompleted,
    overrun: toUnits(cumulativeCompleted) > toUnits(fromNumeric(p.totalInvestment)),
    version: p.version,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export class NodeView {
  @ApiProperty({ enum: ProjectLifecycle }) node: ProjectLifecycle;
  @ApiProperty() nodeLabel: string;
  @ApiProperty({ nullable: true, type: String }) plannedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) doneOn: string | null;
  @ApiProperty({ enum: ['done', 'on_track', 'due_soon', 'overdue', 'unscheduled'] }) status: NodeStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ example: 'green' }) colour: string;
}

export class YearPlanView {
  @ApiProperty() year: number;
  @ApiProperty({ example: '8000', nullable: true, type: String, description: '年度计划投资（万元）；未下达计划为 null' }) plannedInvestment: string | null;
  @ApiProperty({ example: '11000', description: '该年各月完成投资之和（万元）' }) completedInvestment: string;
}

/** PUT /projects/:id/plans/:year: the year's plan and whether it was set for the first time. */
export class SetYearPlanView extends YearPlanView {
  @ApiProperty({ description: 'true: 新设置；false: 更正了该年已有的计划' }) created: boolean;
}

export class RolledUpSigningView {
  @ApiProperty() signingId: string;
  @ApiProperty({ enum: RolledUpSigningKind }) kind: RolledUpSigningKind;
  @ApiProperty() amount: string;
  @ApiProperty() signedOn: string;
  @ApiProperty({ format: 'date-time' }) rolledUpAt: Date;
}

export class ProjectDetailView extends ProjectView {
  @ApiProperty({ type: [NodeView], description: '节点及颜色：done 已完成 / on_track 正常 / due_soon 48 小时内到期 / overdue 逾期' }) nodes: NodeView[];
  @ApiProperty({ type: [YearPlanView] }) yearPlans: YearPlanView[];
  @ApiProperty({ type: [RolledUpSigningView] }) signings: RolledUpSigningView[];
  @ApiProperty({ description: '未解决的卡点堵点数' }) openProblems: number;
}

export class ProgressView {
  @ApiProperty({ example: '2022-06' }) month: string;
  @ApiProperty({ example: '1500' }) completedInvestment: string;
  @ApiProperty({ example: '11000', description: '截至该月累计完成投资' }) cumulativeCompleted: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: Ref, nullable: true }) reportedBy: Ref | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class ProgressReportView extends ProgressView {
  @ApiProperty({ description: 'true: 新填报；false: 更正了该月已有的填报' }) created: boolean;
  @ApiProperty() totalInvestment: string;
  @ApiProperty({ description: '全部月份累计完成投资' }) projectCumulativeCompleted: string;
  @ApiProperty({ description: '累计完成投资超过总投资（允许，提示核实）' }) overrun: boolean;
  @ApiProperty({ type: [String], description: '提示（不阻止填报），如项目尚未开工却填报了完成投资' }) warnings: string[];
  @ApiProperty({ type: String, nullable: true, description: '项目的实际开工日期（填报后）' }) startedOn: string | null;
  @ApiProperty({ enum: ProjectLifecycle, description: '项目阶段（填报后）' }) lifecycle: ProjectLifecycle;
}

export class ProgressListView {
  @ApiProperty({ type: [ProgressView] }) items: ProgressView[];
  @ApiProperty() totalInvestment: string;
  @ApiProperty() cumulativeCompleted: string;
  @ApiProperty() overrun: boolean;
}

/** Re-exported for the DTOs that import it from here. */
export { IsCalendarDate };
