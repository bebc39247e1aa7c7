import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, DepartmentReachable, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { CloseDto, FiguresQuery, ReopenDto, ReplyDto, SupervisionDetailView, SupervisionFiguresView, SupervisionListView, SupervisionQuery } from './dto/supervision.dto';
import { SupervisionService } from './supervision.service';

/**
 * 督办: 交办单 (卡点堵点 assigned to a 责任部门). The only business routes a department account reaches
 * (RolesGuard), and there only its own department's 交办单.
 */
@ApiTags('supervision 督办')
@ApiBearerAuth()
@DepartmentReachable()
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('items')
  @ApiOperation({ summary: '交办单列表：管理员全部，部门账号只看本部门，其他人看可见项目的；未办结在前、限办日期近的在前' })
  @ApiOkResponse({ type: SupervisionListView })
  list(@CurrentUser() actor: AuthUser, @Query() query: SupervisionQuery): Promise<SupervisionListView> {
    return this.supervision.list(actor, query);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('figures')
  @ApiOperation({ summary: '月度通报·督办：各责任部门交办数、办结数、办结率、超期数（口径见 rules）' })
  @ApiOkResponse({ type: SupervisionFiguresView })
  figures(@CurrentUser() actor: AuthUser, @Query() query: FiguresQuery): Promise<SupervisionFiguresView> {
    return this.supervision.figures(actor, query);
  }

  @Get('items/:id')
  @ApiOperation({ summary: '交办单详情：项目概况、办理回复' })
  @ApiOkResponse({ type: SupervisionDetailView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<SupervisionDetailView> {
    return this.supervision.get(actor, id);
  }

  @Post('items/:id/replies')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '回复办理情况；部门首次回复时状态转为办理中' })
  @ApiOkResponse({ type: SupervisionDetailView })
  reply(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: ReplyDto): Promise<SupervisionDetailView> {
    return this.supervision.reply(actor, id, dto);
  }

  @Post('items/:id/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '办结（责任部门、项目负责人或管理员），须填写办结情况' })
  @ApiOkResponse({ type: SupervisionDetailView })
  close(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: CloseDto): Promise<SupervisionDetailView> {
    return this.supervision.close(actor, id, dto);
  }

  @Post('items/:id/reopen')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '重新打开已办结的交办单（项目负责人或管理员）：重新计超期' })
  @ApiOkResponse({ type: SupervisionDetailView })
  reopen(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: ReopenDto): Promise<SupervisionDetailView> {
    return this.supervision.reopen(actor, id, dto);
  }
}
