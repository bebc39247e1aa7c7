import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { sendPreparedJson } from '../common/http/prepared-json';
import { PublishRankingDto, RankingQuery } from './dto/ranking.dto';
import { writeRankingXlsx } from './ranking-xlsx';
import { RankingResult, RankingsService } from './rankings.service';
import { PublishedRankingDetailView, PublishedRankingView, RankingResultView } from './dto/ranking-view.dto';

@ApiTags('rankings 通报排名')
@ApiBearerAuth()
@Controller('rankings')
export class RankingsController {
  constructor(private readonly rankings: RankingsService) {}

  @Get()
  @ApiOperation({ summary: '已发布的排名' })
  @ApiOkResponse({ type: [PublishedRankingView] })
  list() {
    return this.rankings.list();
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('preview')
  @ApiOperation({ summary: '按当前数据试算排名（不发布）；数据截至 asOf（统计视图每分钟刷新）' })
  @ApiOkResponse({ type: RankingResultView })
  async preview(@Query() query: RankingQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Written and gzipped once per refresh: 3,000 teams are 4 MB of JSON (about 300 KB gzipped).
    sendPreparedJson(req, res, (await this.rankings.preview(query)).body);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('preview.xlsx')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async previewXlsx(@Query() query: RankingQuery, @Res() res: Response): Promise<void> {
    await send(res, (await this.rankings.preview(query)).result);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiOperation({ summary: '发布排名：按评分公式（默认 config/scoring.json）计算并存档' })
  @ApiCreatedResponse({ type: PublishedRankingDetailView })
  publish(@CurrentUser() actor: AuthUser, @Body() dto: PublishRankingDto) {
    return this.rankings.publish(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: PublishedRankingDetailView })
  get(@IdParam() id: string) {
    return this.rankings.get(id);
  }

  @Get(':id/xlsx')
  @ApiOperation({ summary: '下载通报排名表（.xlsx，A4 横向）' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async xlsx(@IdParam() id: string, @Res() res: Response): Promise<void> {
    await send(res, this.rankings.asResult(await this.rankings.get(id)));
  }
}

async function send(res: Response, result: RankingResult): Promise<void> {
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="ranking.xlsx"; filename*=UTF-8''${encodeURIComponent(result.title)}.xlsx`);
  await writeRankingXlsx(result, res);
}
