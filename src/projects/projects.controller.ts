import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { sendPreparedJson } from '../common/http/prepared-json';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { FundsListView, FundsReportView, ReportFundsDto } from './dto/funds.dto';
import { CreateProblemDto, ProblemQuery, ProblemView, UpdateProblemDto } from './dto/problem.dto';
import {
  CreateProjectDto,
  ProgressListView,
  ProgressReportView,
  ProjectDetailView,
  ProjectQuery,
  ProjectView,
  ReportProgressDto,
  SetNodeDto,
  SetYearPlanDto,
  SetYearPlanView,
  UpdateProjectDto,
} from './dto/project.dto';
import { LocationsQuery, LocationsView, SummaryQuery, SummaryView, ThreeUnCountsQuery, ThreeUnCountsView, ThreeUnExportQuery, ThreeUnQuery, ThreeUnView, UnfulfilledExportQuery, UnfulfilledQuery, UnfulfilledView } from './dto/registry.dto';
import { RegistryExportService } from './registry-export.service';
import { ProjectFundsService } from './project-funds.service';
import { ProjectProblemsService } from './project-problems.service';
import { ProjectsService } from './projects.service';
import { RegistryService } from './registry.service';
import { ScheduleFilterQuery, ScheduleQuery, ScheduleView } from './dto/schedule.dto';
import { ScheduleService } from './schedule.service';
import { ApiPage } from '../common/pagination/api-page';
import { FromReplica } from '../database/read-replica';

@ApiTags('projects 项目库')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly problems: ProjectProblemsService,
    private readonly funds: ProjectFundsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '项目列表（范围内）：按旗县区（含下级）、产业链、阶段、级别、性质、新建/续建、年度计划、名称筛选' })
  @ApiPage(ProjectView)
  list(@CurrentUser() actor: AuthUser, @Query() query: ProjectQuery) {
    return this.projects.list(actor, query);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiOperation({ summary: '直接录入项目（如续建项目）；签约项目由后台自动入库' })
  @ApiCreatedResponse({ type: ProjectDetailView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateProjectDto) {
    return this.projects.create(actor, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: '项目详情：节点及颜色、年度计划与完成、累计完成投资（由月报汇总）、超总投资提示' })
  @ApiOkResponse({ type: ProjectDetailView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.projects.get(actor, id);
  }

  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOperation({ summary: '修改项目；version 过期返回 409' })
  @ApiOkResponse({ type: ProjectDetailView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateProjectDto) {
    return this.projects.update(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Put(':id/nodes/:node')
  @ApiOperation({ summary: '设置节点计划/实际日期（registered 注册、preparation 前期手续、construction 开工、operating 投产）' })
  @ApiOkResponse({ type: ProjectDetailView })
  setNode(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Param('node') node: string, @Body() dto: SetNodeDto) {
    return this.projects.setNode(actor, id, node, dto);
  }

  @Roles(Role.Admin)
  @Put(':id/plans/:year')
  @ApiOperation({ summary: '设置某年度计划投资（万元）；再次设置即更正' })
  @ApiOkResponse({ type: SetYearPlanView })
  setPlan(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Param('year') year: string, @Body() dto: SetYearPlanDto) {
    return this.projects.setYearPlan(actor, id, year, dto);
  }

  @Get(':id/progress')
  @ApiOperation({ summary: '各月完成投资及累计' })
  @ApiOkResponse({ type: ProgressListView })
  progress(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.projects.listProgress(actor, id);
  }

  @Put(':id/progress/:month')
  @ApiOperation({ summary: '填报某月（YYYY-MM）完成投资：管理员或项目负责人；同月再报即更正，不重复累计；未来月份 400；超总投资允许并返回 overrun' })
  @ApiOkResponse({ type: ProgressReportView })
  report(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Param('month') month: string, @Body() dto: ReportProgressDto) {
    return this.projects.reportProgress(actor, id, month, dto);
  }

  @Get(':id/funds')
  @ApiOperation({ summary: '各月实际到位资金：按来源（市外省内、省外、境外）及是否固定资产投资，当月合计、截至该月累计与总累计' })
  @ApiOkResponse({ type: FundsListView })
  fundsOf(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.funds.list(actor, id);
  }

  @Put(':id/funds/:month')
  @ApiOperation({ summary: '填报某月（YYYY-MM）实际到位资金（与完成投资分开）：管理员或项目负责人；所填各行整体替换该月原有数据；未来月份、来源与是否固定资产投资重复的行 400' })
  @ApiOkResponse({ type: FundsReportView })
  reportFunds(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Param('month') month: string, @Body() dto: ReportFundsDto) {
    return this.funds.report(actor, id, month, dto);
  }

  @Get(':id/problems')
  @ApiOperation({ summary: '卡点堵点（未解决的在前）' })
  @ApiOkResponse({ type: [ProblemView] })
  listProblems(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Query() query: ProblemQuery) {
    return this.problems.list(actor, id, query);
  }

  @Post(':id/problems')
  @ApiOperation({ summary: '登记卡点堵点：管理员或项目负责人' })
  @ApiCreatedResponse({ type: ProblemView })
  createProblem(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: CreateProblemDto) {
    return this.problems.create(actor, id, dto);
  }

  @Get(':id/problems/:problemId')
  @ApiOkResponse({ type: ProblemView })
  getProblem(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('problemId') problemId: string) {
    return this.problems.get(actor, id, problemId);
  }

  @Patch(':id/problems/:problemId')
  @ApiOperation({ summary: '修改或变更状态：resolved 需填 resolution；可重新打开' })
  @ApiOkResponse({ type: ProblemView })
  updateProblem(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('problemId') problemId: string, @Body() dto: UpdateProblemDto) {
    return this.problems.update(actor, id, problemId, dto);
  }

  @Delete(':id/problems/:problemId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async removeProblem(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('problemId') problemId: string): Promise<void> {
    await this.problems.remove(actor, id, problemId);
  }
}

@ApiTags('registry 项目调度')
@ApiBearerAuth()
@Controller('registry')
@FromReplica()
export class RegistryController {
  constructor(
    private readonly registry: RegistryService,
    private readonly exports: RegistryExportService,
    private readonly schedule: ScheduleService,
  ) {}

  @Roles(Role.Admin, Role.Manager)
  @Get('schedule')
  @ApiOperation({
    summary: '项目调度表（JSON）：按旗县区、产业链分组的项目清单，含各组小计与合计',
    description:
      '期间与数据截至同各通报（periodType 等）。每行：总投资、年度计划投资、1–N月及本月完成投资、1–N月及本月到位资金、当前节点及进展、未解决的卡点堵点及责任部门、项目负责人。' +
      '按旗县区（区域顺序，市本级在后）→ 产业链 → 项目名称排序，keyset 分页（limit ≤ 500）；groups 与 total 为全部项目的精确合计（每页相同）。管理员看全部；经理看其完整管辖的区域，其他区域 404；队员 403。',
  })
  @ApiOkResponse({ type: ScheduleView })
  scheduleView(@CurrentUser() actor: AuthUser, @Query() query: ScheduleQuery) {
    return this.schedule.view(actor, query);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('schedule.xlsx')
  @ApiOperation({
    summary: '导出项目调度表 .xlsx（筛选与期间同 JSON）',
    description: '全部项目分批读出、边读边写；每组结束时写小计，最后写合计；末列「项目编号」供回传导入（POST /imports/project-progress）。每次导出记入审计日志（entity=project-schedule-export）。',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async scheduleXlsx(@CurrentUser() actor: AuthUser, @Query() query: ScheduleFilterQuery, @Res() res: Response): Promise<void> {
    await this.schedule.writeXlsx(actor, query, res);
  }

  @Get('summary')
  @ApiOperation({ summary: '按旗县区/产业链/年度汇总：项目数、总投资、年度计划、完成投资、完成率对比序时进度、同比三增长' })
  @ApiOkResponse({ type: SummaryView })
  @ApiResponse({ status: 304, description: '请求带 If-None-Match 且与当前数据的 ETag 相同：数据未变，不返回内容' })
  async summary(@CurrentUser() actor: AuthUser, @Query() query: SummaryQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Kept per process until a write changes it, and serialised and compressed once while kept.
    sendPreparedJson(req, res, await this.registry.summaryBody(actor, query));
  }

  @Get('summary.xlsx')
  @ApiOperation({ summary: '下载项目汇总表（.xlsx）：与 GET /registry/summary 同一查询、同一数字；新建/续建/改扩建分列，上年同期与同比增减，合计' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async summaryXlsx(@CurrentUser() actor: AuthUser, @Query() query: SummaryQuery, @Res() res: Response): Promise<void> {
    await this.exports.summary(actor, query, res);
  }

  @Get('unfulfilled.xlsx')
  @ApiOperation({ summary: '下载三未清单（.xlsx）：签约未注册、注册未开工、开工未投产各一张表，列出全部项目；每次导出记入审计日志（entity=unfulfilled-export）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async unfulfilledXlsx(@CurrentUser() actor: AuthUser, @Query() query: UnfulfilledExportQuery, @Res() res: Response): Promise<void> {
    await this.exports.unfulfilled(actor, query, res);
  }

  @Get('unfulfilled')
  @ApiOperation({
    summary: '三未清单：签约未注册、注册未开工、开工未投产，截至数据截至日，按逾期天数从多到少',
    description: '按项目的签约、注册、开工、投产日期判断截至 asOf 的状态。期限：签约未注册为签约日期加 config/reporting.json unfulfilled.registerWithinDays 天（默认 90），注册未开工为计划开工日期，开工未投产为计划竣工投产日期；逾期天数为数据截至日减期限，未到期为 0，未填计划日期为空。',
  })
  @ApiOkResponse({ type: UnfulfilledView })
  unfulfilled(@CurrentUser() actor: AuthUser, @Query() query: UnfulfilledQuery) {
    return this.registry.unfulfilled(actor, query);
  }

  @Get('three-un.xlsx')
  @ApiOperation({ summary: '下载在建项目三未清单（.xlsx）：立项未开工、开工未建设、建设未竣工各一张表，与 GET /registry/three-un 同一筛选，列出全部项目；每次导出记入审计日志（entity=three-un-export）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async threeUnXlsx(@CurrentUser() actor: AuthUser, @Query() query: ThreeUnExportQuery, @Res() res: Response): Promise<void> {
    await this.exports.threeUn(actor, query, res);
  }

  @Get('locations')
  @ApiOperation({ summary: '招商地图上的项目点：可见范围内记有位置（经纬度）的项目，按总投资从大到小，最多 limit 个；count 为全数' })
  @ApiOkResponse({ type: LocationsView })
  locations(@CurrentUser() actor: AuthUser, @Query() query: LocationsQuery) {
    return this.registry.locations(actor, query);
  }

  @Get('three-un/counties')
  @ApiOperation({ summary: '各旗县区三未项目数（招商地图）：与 GET /registry/three-un 同一口径与筛选，列入任一张清单的项目每个计一次，按项目所在旗县区计' })
  @ApiOkResponse({ type: ThreeUnCountsView })
  threeUnCounts(@CurrentUser() actor: AuthUser, @Query() query: ThreeUnCountsQuery) {
    return this.registry.threeUnCounts(actor, query);
  }

  @Get('three-un')
  @ApiOperation({ summary: '三未清单：立项未开工、开工未建设、建设未竣工' })
  @ApiOkResponse({ type: ThreeUnView })
  threeUn(@CurrentUser() actor: AuthUser, @Query() query: ThreeUnQuery) {
    return this.registry.threeUn(actor, query);
  }
}
