import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { IdParam } from '../common/http/id-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { CreateUserDto, UpdateUserDto, UserQuery, UserWithTeamsView } from './dto/user.dto';
import { UsersService } from './users.service';
import { ApiPage } from '../common/pagination/api-page';

@ApiTags('users 用户')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '用户列表（含所属招商队）' })
  @ApiPage(UserWithTeamsView)
  list(@Query() query: UserQuery) {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: '创建用户；可同时加入一个招商队' })
  @ApiCreatedResponse({ type: UserWithTeamsView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserWithTeamsView })
  get(@IdParam() id: string) {
    return this.users.getWithTeams(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改用户：姓名、角色、停用/启用、重置密码' })
  @ApiOkResponse({ type: UserWithTeamsView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
