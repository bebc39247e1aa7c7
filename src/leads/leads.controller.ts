import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { LeadClaimExportService } from './export/lead-claim-export.service';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { CreateLeadClaimDto, DecideLeadClaimDto, LeadClaimExportQuery, LeadClaimQuery, LeadClaimView } from './dto/lead-claim.dto';
import { CoTeamShareDto, CreateLeadDto, LeadFilter, LeadQuery, LeadView, ReleaseLeadDto, TransitionDto, UpdateLeadDto } from './dto/lead.dto';
import { TimelineEntryView } from './dto/lead-timeline.dto';
import { LeadClaimsService } from './lead-claims.service';
import { LeadBulkService } from './lead-bulk.service';
import { LeadBulkDto, LeadBulkResultView } from './dto/lead-bulk.dto';
import { LeadTimelineService } from './lead-timeline.service';
import { LeadsService } from './leads.service';
import { PipelineService } from './pipeline.service';
import { PIPELINE_RULES, PipelineRules } from './pipeline-rules';
import { ApiPage } from '../common/pagination/api-page';
import { PipelineBoardView, PipelineColumnsQuery, PipelineColumnsView, PipelineFunnelView, PipelineRulesView } from './dto/pipeline.dto';

@ApiTags('leads 招商线索')
@ApiBearerAuth()
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly timeline: LeadTimelineService,
    private readonly bulkActions: LeadBulkService,
  ) {}

  @Get()
  @ApiOperation({ summary: '线索列表（范围内），可筛选、排序；isIdle 标记超过保护期无对接的线索' })
  @ApiPage(LeadView)
  list(@CurrentUser() actor: AuthUser, @Query() query: LeadQuery) {
    return this.leads.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: '新建线索；同企业同产业链已由他队首报时返回 409 LEAD_COLLISION（仅给出持有队名和阶段）' })
  @ApiCreatedResponse({ type: LeadView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateLeadDto) {
    return this.leads.create(actor, dto);
  }

  @Post('bulk')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '批量操作线索：reassign 改派负责人、move 变更阶段、release 释放闲置线索',
    description:
      '每条线索按单条操作的规则检查并记入审计日志，全部在一个事务中：任一条不满足条件则全部不执行。' +
      '有线索不存在或不在范围内：404（details.ids 列出）；各条均因无权修改而失败：403，否则 409 LEAD_BULK_REJECTED；details.failures 逐条给出线索、代码和原因。',
  })
  @ApiOkResponse({ type: LeadBulkResultView })
  bulk(@CurrentUser() actor: AuthUser, @Body() dto: LeadBulkDto) {
    return this.bulkActions.run(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: LeadView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.leads.get(actor, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: LeadView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateLeadDto) {
    return this.leads.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.leads.remove(actor, id);
  }

  @Patch(':id/co-teams/:teamId')
  @ApiOperation({ summary: '约定联合跟进招商队的分成比例（牵头招商队的分管领导或管理员）；按约定分计时，签约金额按此比例计入该队，其余计入牵头队' })
  @ApiOkResponse({ type: LeadView })
  setCoTeamShare(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('teamId') teamId: string, @Body() dto: CoTeamShareDto) {
    return this.leads.setCoTeamShare(actor, id, teamId, dto);
  }

  @Post(':id/transitions')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '变更阶段：前进任意步；后退、搁置、终止、重启需填原因；已签约不可回退；version 过期返回 409' })
  @ApiOkResponse({ type: LeadView })
  transition(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: TransitionDto) {
    return this.leads.transition(actor, id, dto);
  }

  @Roles(Role.Manager, Role.Admin)
  @Post(':id/release')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '释放超过保护期无对接的线索（终止），该企业该产业链可由他队重新首报' })
  @ApiOkResponse({ type: LeadView })
  release(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: ReleaseLeadDto) {
    return this.leads.release(actor, id, dto.reason);
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: '线索时间线：阶段变更、对接记录、签约、撞单裁定，最新在前' })
  @ApiOkResponse({ type: [TimelineEntryView] })
  getTimeline(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.timeline.timeline(actor, id);
  }
}

@ApiTags('leads 招商线索')
@ApiBearerAuth()
@Controller('lead-claims')
export class LeadClaimsController {
  constructor(
    private readonly claims: LeadClaimsService,
    private readonly exporter: LeadClaimExportService,
  ) {}

  @Get()
  @ApiOperation({ summary: '撞单申请（涉及我能看到的招商队）' })
  @ApiPage(LeadClaimView)
  list(@CurrentUser() actor: AuthUser, @Query() query: LeadClaimQuery) {
    return this.claims.list(actor, query);
  }

  // Before ':id', so that export.xlsx is never read as a claim id.
  @Get('export.xlsx')
  @ApiOperation({ summary: '导出撞单申请清单 .xlsx（范围和状态筛选同列表，新申请在前）', description: '每次导出记入审计日志（entity=lead-claim-export）。' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@CurrentUser() actor: AuthUser, @Query() query: LeadClaimExportQuery, @Res() res: Response): Promise<void> {
    await this.exporter.write(actor, query.status, res);
  }

  @Post()
  @ApiOperation({ summary: '申请联合跟进或转交他队持有的线索' })
  @ApiCreatedResponse({ type: LeadClaimView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateLeadClaimDto) {
    return this.claims.create(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: LeadClaimView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.claims.get(actor, id);
  }

  @Roles(Role.Manager, Role.Admin)
  @Post(':id/decision')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '裁定（同时分管双方的领导或管理员）' })
  @ApiOkResponse({ type: LeadClaimView })
  decide(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: DecideLeadClaimDto) {
    return this.claims.decide(actor, id, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LeadClaimView })
  withdraw(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.claims.withdraw(actor, id);
  }
}

@ApiTags('pipeline 在谈项目看板')
@ApiBearerAuth()
@Controller('pipeline')
export class PipelineController {
  constructor(
    private readonly pipeline: PipelineService,
    private readonly leads: LeadsService,
    @Inject(PIPELINE_RULES) private readonly rules: PipelineRules,
  ) {}

  @Get('rules')
  @ApiOperation({ summary: '本地配置的推进规则：各阶段成功概率、首报首谈保护期（天）、各阶段提醒天数' })
  @ApiOkResponse({ type: PipelineRulesView })
  rulesOf(): PipelineRules {
    const { stageProbabilities, protectionDays, idleDaysByStage } = this.rules;
    return { stageProbabilities, protectionDays, idleDaysByStage };
  }

  @Get('board')
  @ApiOperation({ summary: '看板：各阶段数量、意向额、按概率加权额；已签约与终止不计入在谈' })
  @ApiOkResponse({ type: PipelineBoardView })
  board(@CurrentUser() actor: AuthUser, @Query() filter: LeadFilter) {
    return this.pipeline.board(actor, filter);
  }

  @Get('columns')
  @ApiOperation({ summary: '看板各列：每个阶段的前 limit 张卡片（默认 50），按最近更新排序，与线索列表按阶段筛选的第一页一致' })
  @ApiOkResponse({ type: PipelineColumnsView })
  columns(@CurrentUser() actor: AuthUser, @Query() query: PipelineColumnsQuery) {
    return this.leads.columns(actor, query);
  }

  @Get('funnel')
  @ApiOperation({ summary: '漏斗：各阶段到达数、阶段转化率、阶段停留天数中位数' })
  @ApiOkResponse({ type: PipelineFunnelView })
  funnel(@CurrentUser() actor: AuthUser, @Query() filter: LeadFilter) {
    return this.pipeline.funnel(actor, filter);
  }
}
