import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { LeadView } from '../leads/dto/lead.dto';
import {
  ChainGraphQuery,
  ChainGraphView,
  ChainLinkCompanyView,
  ChainLinkDetailView,
  ChainLinkView,
  CreateChainLinkDto,
  PlaceCompanyDto,
  TargetToLeadDto,
  UpdateChainLinkDto,
  UpdatePlacementDto,
} from './dto/chain-map.dto';
import { ChainMapService } from './chain-map.service';

@ApiTags('chain-map 产业链图谱')
@ApiBearerAuth()
@Controller()
export class ChainMapController {
  constructor(private readonly chainMap: ChainMapService) {}

  @Get('industry-chains/:id/graph')
  @ApiOperation({
    summary: '产业链图谱：上游/中游/下游各链节，各类企业数、补链标记（无本地已有或已落地企业），及所选期间的线索数、签约项目数与签约额（限本人可见范围）',
  })
  @ApiOkResponse({ type: ChainGraphView })
  graph(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Query() query: ChainGraphQuery): Promise<ChainGraphView> {
    return this.chainMap.graph(actor, id, query);
  }

  @Get('chain-links/:id')
  @ApiOperation({ summary: '链节详情：链节上的企业（本地已有/已落地/目标企业）及其在本产业链的线索（限本人可见范围）' })
  @ApiOkResponse({ type: ChainLinkDetailView })
  link(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<ChainLinkDetailView> {
    return this.chainMap.link(actor, id);
  }

  @Roles(Role.Admin)
  @Post('chain-links')
  @ApiOperation({ summary: '新增链节（管理员）；同一产业链内名称重复时 409 CHAIN_LINK_NAME_TAKEN' })
  @ApiCreatedResponse({ type: ChainLinkView })
  createLink(@CurrentUser() actor: AuthUser, @Body() dto: CreateChainLinkDto): Promise<ChainLinkView> {
    return this.chainMap.createLink(actor, dto);
  }

  @Roles(Role.Admin)
  @Patch('chain-links/:id')
  @ApiOkResponse({ type: ChainLinkView })
  updateLink(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateChainLinkDto): Promise<ChainLinkView> {
    return this.chainMap.updateLink(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Delete('chain-links/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除链节（管理员）；链节上还有企业时 409 CHAIN_LINK_NOT_EMPTY，须先移除企业' })
  @ApiNoContentResponse()
  async removeLink(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.chainMap.removeLink(actor, id);
  }

  @Roles(Role.Admin)
  @Post('chain-links/:id/companies')
  @ApiOperation({ summary: '在链节上放置企业（管理员）：本地已有 / 已落地 / 目标企业；已在此链节时 409 CHAIN_COMPANY_PLACED' })
  @ApiCreatedResponse({ type: ChainLinkCompanyView })
  place(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: PlaceCompanyDto): Promise<ChainLinkCompanyView> {
    return this.chainMap.place(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Patch('chain-links/:id/companies/:enterpriseId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '修改企业在链节上的类型或备注（管理员）' })
  @ApiNoContentResponse()
  async updatePlacement(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('enterpriseId') enterpriseId: string, @Body() dto: UpdatePlacementDto): Promise<void> {
    await this.chainMap.updatePlacement(actor, id, enterpriseId, dto);
  }

  @Roles(Role.Admin)
  @Delete('chain-links/:id/companies/:enterpriseId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '从链节移除企业（管理员）' })
  @ApiNoContentResponse()
  async unplace(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('enterpriseId') enterpriseId: string): Promise<void> {
    await this.chainMap.unplace(actor, id, enterpriseId);
  }

  @Post('chain-links/:id/companies/:enterpriseId/lead')
  @ApiOperation({
    summary: '目标企业一键转为线索：在本产业链为该企业新建线索，规则同新建线索（同企业同产业链已由他队首报时 409 LEAD_COLLISION）；非目标企业 409 CHAIN_COMPANY_NOT_TARGET',
  })
  @ApiCreatedResponse({ type: LeadView })
  targetToLead(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('enterpriseId') enterpriseId: string, @Body() dto: TargetToLeadDto): Promise<LeadView> {
    return this.chainMap.targetToLead(actor, id, enterpriseId, dto);
  }
}
