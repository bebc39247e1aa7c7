import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { CreateSigningDto, CreateSigningEventDto, ReviewSigningDto, RosterQuery, SigningEventExportQuery, SigningEventQuery, SigningEventView, SigningPageView, SigningReviewQuery, SigningRosterView, SigningView, UpdateSigningEventDto } from './dto/signing.dto';
import { SigningRosterService } from './signing-roster.service';
import { SigningReviewService } from './signing-review.service';
import { SigningEventsService } from './signing-events.service';
import { SigningsService } from './signings.service';
import { ApiPage } from '../common/pagination/api-page';

@ApiTags('leads 招商线索')
@ApiBearerAuth()
@Controller('leads/:id')
export class LeadSigningsController {
  constructor(private readonly signings: SigningsService) {}

  @Post('signings')
  @ApiOperation({ summary: '登记签约：首次签约使线索进入已签约；补充签约（kind=supplement）只计增加的金额' })
  @ApiCreatedResponse({ type: SigningView })
  create(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: CreateSigningDto) {
    return this.signings.create(actor, id, dto);
  }

  @Get('signings')
  @ApiOkResponse({ type: [SigningView] })
  list(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.signings.listForLead(actor, id);
  }
}

@ApiTags('signings 签约认定')
@ApiBearerAuth()
@Controller('signings')
export class SigningsController {
  constructor(private readonly review: SigningReviewService) {}

  @Get()
  @ApiOperation({ summary: '按认定状态列出我能看到的签约（默认待认定，先登记的在前），可按招商队、区域筛选，附总数' })
  @ApiOkResponse({ type: SigningPageView })
  list(@CurrentUser() actor: AuthUser, @Query() query: SigningReviewQuery) {
    return this.review.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: SigningView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.review.get(actor, id);
  }

  @Roles(Role.Admin)
  @Post(':id/review')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '项目认定（仅市级管理员）：认定后计入签约统计与项目库；不予认定须填写理由，永不计入；每笔签约只能认定一次' })
  @ApiOkResponse({ type: SigningView })
  decide(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: ReviewSigningDto) {
    return this.review.review(actor, id, dto);
  }
}

@ApiTags('signing-events 签约活动')
@ApiBearerAuth()
@Controller('signing-events')
export class SigningEventsController {
  constructor(
    private readonly events: SigningEventsService,
    private readonly signings: SigningsService,
    private readonly rosters: SigningRosterService,
  ) {}

  @Get()
  @ApiOperation({ summary: '签约活动及其签约项目数和精确总额' })
  @ApiPage(SigningEventView)
  list(@Query() query: SigningEventQuery) {
    return this.events.list(query);
  }

  // Before ':id', which would read "xlsx" as an id.
  @Get('xlsx')
  @ApiOperation({ summary: '下载签约活动一览（.xlsx）：序号、活动、日期、方式、地点、签约项目数、笔数、签约总额（万元）及合计；可按年份筛选、按签约总额排序；每次导出记入审计日志（entity=signing-events-export）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@CurrentUser() actor: AuthUser, @Query() query: SigningEventExportQuery, @Res() res: Response): Promise<void> {
    await this.events.xlsx(actor, query, res);
  }

  @Get(':id')
  @ApiOkResponse({ type: SigningEventView })
  get(@IdParam() id: string) {
    return this.events.get(id);
  }

  @Get(':id/signings')
  @ApiOperation({ summary: '活动中我能看到的签约' })
  @ApiOkResponse({ type: [SigningView] })
  signingsOf(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.signings.listForEvent(actor, id);
  }

  @Get(':id/roster')
  @ApiOperation({
    summary: '网签项目清单：活动中我能看到的全部签约（按登记先后），含认定状态；合计（万元、亿元）及其中已认定计入统计的合计',
    description: '网签清单是当天签下的项目，所以列出全部签约并标明认定状态（待认定 / 已认定 / 不予认定 / 无需认定）；活动的签约总额（GET /signing-events/:id）只计已认定的签约，等于 counted。',
  })
  @ApiOkResponse({ type: SigningRosterView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：没有该签约活动' })
  roster(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Query() query: RosterQuery) {
    return this.rosters.roster(actor, id, query.sort);
  }

  @Get(':id/roster.xlsx')
  @ApiOperation({ summary: '下载网签项目清单（.xlsx）：与 GET /signing-events/:id/roster 同一数字、同一排序（sort）；每次导出记入审计日志（entity=signing-roster-export）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiNotFoundResponse({ description: 'NOT_FOUND：没有该签约活动' })
  async rosterXlsx(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Query() query: RosterQuery, @Res() res: Response): Promise<void> {
    await this.rosters.xlsx(actor, id, res, query.sort);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiCreatedResponse({ type: SigningEventView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateSigningEventDto) {
    return this.events.create(actor, dto);
  }

  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOkResponse({ type: SigningEventView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateSigningEventDto) {
    return this.events.update(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.events.remove(actor, id);
  }
}
