import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { sendPreparedJson } from '../common/http/prepared-json';
import { PublishRankingDto, RankingPageQuery, RankingQuery } from './dto/ranking.dto';
import { startXlsxDownload } from '../common/spreadsheet/report-workbook';
import { businessDate } from '../common/time/business-time';
import { REPORTING_RULES, ReportingRules } from '../metrics/reporting-rules';
import { RankingIssue, writeRankingXlsx } from './ranking-xlsx';
import { RankingsService } from './rankings.service';
import { PublishedRankingDetailView, PublishedRankingView, RankingPreviewPageView, RankingResultView, toPublishedRankingDetailView, toRankingResultView } from './dto/ranking-view.dto';
import { FromReplica } from '../database/read-replica';

@ApiTags('rankings 通报排名')
@ApiBearerAuth()
@Controller('rankings')
export class RankingsController {
  constructor(
    private readonly rankings: RankingsService,
    @Inject(REPORTING_RULES) private readonly rules: ReportingRules,
  ) {}

  @Get()
  @ApiOperation({ summary: '已发布的排名（通报）：所有人可看' })
  @ApiOkResponse({ type: [PublishedRankingView] })
  list() {
    return this.rankings.list();
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('preview')
  @FromReplica()
  @ApiOperation({
    summary: '按当前数据试算排名（不发布），分页：表头、计分方法、合计与一页行；数据截至 asOf（统计视图每分钟刷新）',
    description:
      '管理员看到全部；管理者只看到分管范围内的招商队（按区域排名时：整体在分管范围内的区域单位），数字与名次同全部排名。合计与行数为全部行的，rows 为 offset 起的 limit 行（默认前 50 行），q 按名称查找。全部行一次取：GET /rankings/preview/all。队员只能看已发布的通报。',
  })
  @ApiOkResponse({ type: RankingPreviewPageView })
  @ApiResponse({ status: 304, description: '请求带 If-None-Match 且与该页当前数据的 ETag 相同：数据未变，不返回内容' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED：offset、limit 或 q 不合法（details 指明字段）' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：队员不能看未发布的试算排名' })
  async preview(@CurrentUser() actor: AuthUser, @Query() query: RankingPageQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    // A page is sliced from the preview kept per figures' version and prepared once per page: ~100 KB of JSON, 7 KB brotli.
    sendPreparedJson(req, res, await this.rankings.previewPage(actor, query));
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('preview/all')
  @FromReplica()
  @ApiOperation({
    summary: '试算排名的全部行（打印、导出用）；范围与名次同 GET /rankings/preview',
    description: '管理员看到全部；管理者只看到分管范围内的行，名次同全部排名。',
  })
  @ApiOkResponse({ type: RankingResultView })
  @ApiResponse({ status: 304, description: '请求带 If-None-Match 且与当前数据的 ETag 相同：数据未变，不返回内容' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：队员不能看未发布的试算排名' })
  async previewAll(@CurrentUser() actor: AuthUser, @Query() query: RankingQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Written and compressed once per figures' version (and scope): 3,000 teams are 6.4 MB of JSON, 494 KB brotli.
    sendPreparedJson(req, res, await (await this.rankings.previewFor(actor, query)).body());
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('preview.xlsx')
  @ApiOperation({ summary: '下载试算排名表（.xlsx）；管理者只含分管范围内的行，名次同全部排名' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: '试算排名表（.xlsx）' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：队员不能下载未发布的试算排名' })
  async previewXlsx(@CurrentUser() actor: AuthUser, @Query() query: RankingQuery, @Res() res: Response): Promise<void> {
    await send(res, (await this.rankings.previewFor(actor, query)).result, { issuer: this.rules.issuer, issuedOn: businessDate(new Date()) });
  }

  @Roles(Role.Admin)
  @Post()
  @ApiOperation({
    summary: '发布通报排名：按评分公式（默认 config/scoring.json）计算并存档，发布后不再改变',
    description:
      '期间可为年度、半年、季度、1–N月或月份区间，数据截至 asOf（默认今天）；序时进度按 config/reporting.json 的 pace.bulletin 口径。同一期间、层级再次发布即为更正：须给出 correctionOf（现行版本 id）和 correctionNote，生成新版本并列出变化，原版本标记为已取代。',
  })
  @ApiCreatedResponse({ type: PublishedRankingDetailView })
  @ApiBadRequestResponse({ description: 'RANKING_CORRECTION_REQUIRED / RANKING_NOT_A_VERSION / RANKING_NOTHING_TO_CORRECT：更正参数缺失或不对（details 指明字段）' })
  @ApiConflictResponse({ description: 'RANKING_NOT_CURRENT_VERSION：被更正的版本已有更新版本；RANKING_NO_TARGETS：该期间没有指标' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN：只有管理员可以发布排名' })
  async publish(@CurrentUser() actor: AuthUser, @Body() dto: PublishRankingDto): Promise<PublishedRankingDetailView> {
    return toPublishedRankingDetailView(await this.rankings.publish(actor, dto));
  }

  @Get(':id')
  @ApiOkResponse({ type: PublishedRankingDetailView })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：没有该通报' })
  async get(@IdParam() id: string): Promise<PublishedRankingDetailView> {
    return toPublishedRankingDetailView(await this.rankings.get(id));
  }

  @Get(':id/versions')
  @ApiOperation({ summary: '该通报（同一期间、层级）的全部版本：首版与各次更正，含更正说明与变化；已取代的版本仍可查阅' })
  @ApiOkResponse({ type: [PublishedRankingView] })
  @ApiNotFoundResponse({ description: 'NOT_FOUND：没有该通报' })
  versions(@IdParam() id: string): Promise<PublishedRankingView[]> {
    return this.rankings.versions(id);
  }

  @Get(':id/xlsx')
  @ApiOperation({ summary: '下载通报排名表（.xlsx，A4 横向）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@IdParam() id: string, @Res() res: Response): Promise<void> {
    const ranking = await this.rankings.get(id);
    // A published 通报 was issued on the day it was published, whenever it is downloaded.
    await send(res, toRankingResultView(ranking), { issuer: this.rules.issuer, issuedOn: businessDate(ranking.publishedAt) });
  }
}

async function send(res: Response, result: RankingResultView, issue: RankingIssue): Promise<void> {
  startXlsxDownload(res, 'ranking', result.title);
  await writeRankingXlsx(result, issue, res);
}
