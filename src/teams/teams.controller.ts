import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { AddMemberDto, CreateTeamDto, ManagedScopeDto, ManagedScopeViewDto, TeamMemberView, TeamQuery, TeamView, UpdateTeamDto } from './dto/team.dto';
import { ManagerScopesService } from './manager-scopes.service';
import { TeamsService } from './teams.service';
import { ApiPage } from '../common/pagination/api-page';

@ApiTags('teams 招商队')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiOperation({ summary: '我能看到的招商队（队员：本队；管理者：分管范围内；管理员：全部）' })
  @ApiPage(TeamView)
  list(@CurrentUser() actor: AuthUser, @Query() query: TeamQuery) {
    return this.teams.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TeamView })
  get(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.teams.get(actor, id);
  }

  @Roles(Role.Admin)
  @Post()
  @ApiCreatedResponse({ type: TeamView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateTeamDto) {
    return this.teams.create(actor, dto);
  }

  @Roles(Role.Admin)
  @Patch(':id')
  @ApiOkResponse({ type: TeamView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateTeamDto) {
    return this.teams.update(actor, id, dto);
  }

  @Get(':id/members')
  @ApiOkResponse({ type: [TeamMemberView] })
  members(@CurrentUser() actor: AuthUser, @IdParam() id: string) {
    return this.teams.members(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/members')
  @ApiOperation({ summary: '添加队员（管理员，或分管该队的管理者）' })
  @ApiCreatedResponse({ type: [TeamMemberView] })
  addMember(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: AddMemberDto) {
    return this.teams.addMember(actor, id, dto.userId);
  }

  @Roles(Role.Admin, Role.Manager)
  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  async removeMember(@CurrentUser() actor: AuthUser, @IdParam() id: string, @IdParam('userId') userId: string): Promise<void> {
    await this.teams.removeMember(actor, id, userId);
  }
}

@ApiTags('users 用户')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('users/:id/managed-scope')
export class ManagedScopeController {
  constructor(private readonly scopes: ManagerScopesService) {}

  @Get()
  @ApiOperation({ summary: '管理者的分管范围' })
  @ApiOkResponse({ type: ManagedScopeViewDto })
  get(@IdParam() id: string) {
    return this.scopes.get(id);
  }

  @Put()
  @ApiOperation({ summary: '设置管理者的分管范围（整体替换）' })
  @ApiOkResponse({ type: ManagedScopeViewDto })
  replace(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: ManagedScopeDto) {
    return this.scopes.replace(actor, id, dto);
  }
}
