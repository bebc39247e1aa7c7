import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { AssignTargetDto, SplitTargetDto, TargetQuery, UpdateTargetDto } from './dto/target.dto';
import { ReportPeriodQuery } from '../common/time/report-period.dto';
import { CompletionQuery, CompletionReport } from './dto/completion.dto';
import { TargetCompletionService } from './target-completion.service';
import { TargetProgressService } from './target-progress.service';
import { TargetsService } from './targets.service';
import { TargetDetailView, TargetProgressReport, TargetViewDto } from './dto/target-view.dto';
import { FromReplica } from '../database/read-replica';

@ApiTags('targets 指标任务')
@ApiBearerAuth()
@Controller('targets')
export class TargetsController {
  constructor(
    private readonly targets: TargetsService,
    private readonly progressService: TargetProgressService,
    private readonly completion: TargetCompletionService,
  ) {}

  @Get()
  @ApiOperation({ summary: '某期间我能看到的指标' })
  @ApiOkResponse({ type: [TargetViewDto] })
  list(@CurrentUser() actor: AuthUser, @Query() query: TargetQuery) {
    return this.targets.list(actor, query);
  }

  @Get('progress')
  @ApiOperation({
    summary: '指标完成进度：实际值由数据统计（不可填报），对照序时进度给出完成/正常/滞后，附同比',
    description: '期间可为年度、半年、季度、1–N月或月份区间；数据截至 asOf（默认今天）。1–N月、半年对照年度指标；序时进度按 config/reporting.json 的 pace.bulletin 口径（通报口径）。',
  })
  @ApiOkResponse({ type: TargetProgressReport })
  progress(@CurrentUser() actor: AuthUser, @Query() query: ReportPeriodQuery) {
    return this.progressService.progress(actor, query);
  }

  @Get('completion')
  @FromReplica()
  @ApiOperation({
    summary: '指标任务完成情况：按区域单位或招商队，各指标的目标、完成、完成率、序时进度、超/欠进度，及合计',
    description: '数字与 GET /targets/progress 同一计算（同一期间、数据截至与序时进度口径）。合计行把各行目标、完成分别相加，完成率 = Σ完成 ÷ Σ目标；对接企业数（去重企业数）不相加；所列区域单位有上下级关系时不设合计。',
  })
  @ApiOkResponse({ type: CompletionReport })
  completionReport(@CurrentUser() actor: AuthUser, @Query() query: CompletionQuery) {
    return this.completion.report(actor, query);
  }

  @Get('completion.xlsx')
  @ApiOperation({ summary: '下载指标任务完成情况（.xlsx）：与 GET /targets/completion 同一数字' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async completionXlsx(@CurrentUser() actor: AuthUser, @Query() query: CompletionQuery, @Res() res: Response): Promise<void> {
    await this.completion.xlsx(actor, query, res);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiOperation({ summary: '下达指标（区域单位或招商队，年度或季度）' })
  @ApiCreatedResponse({ type: TargetViewDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：只有管理员可以下达指标' })
  assign(@CurrentUser() actor: AuthUser, @Body() dto: AssignTargetDto) {
    return this.targets.assign(actor, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: '指标详情：分解情况、未分解余量、修改历史' })
  @ApiOkResponse({ type: TargetDetailView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：指标不存在或不在分管范围内' })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.targets.get(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Patch(':id')
  @ApiOperation({ summary: '修改指标（管理员）或某队的分解指标（上级区域的分管领导）' })
  @ApiOkResponse({ type: TargetViewDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：队员；TARGET_WRITE_FORBIDDEN：看得到但无权修改（如本县的指标、上级的指标）' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：指标不存在或不在分管范围内' })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateTargetDto) {
    return this.targets.update(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除指标（管理员）或某队的分解指标（上级区域的负责人）；已分解的指标须先删除各队分解' })
  @ApiNoContentResponse({ description: '已删除' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：队员；TARGET_WRITE_FORBIDDEN：看得到但无权删除' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：指标不存在或不在分管范围内' })
  remove(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.targets.remove(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/split')
  @ApiOperation({ summary: '把区域指标分解到下级招商队；合计超过上级时需标记加压（stretch）' })
  @ApiCreatedResponse({ type: TargetDetailView })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：队员；TARGET_SPLIT_FORBIDDEN：看得到但不分管该区域（如上级区域的指标）' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：指标不存在或不在分管范围内' })
  split(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: SplitTargetDto) {
    return this.targets.split(actor, id, dto);
  }
}
