import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { IdParam } from '../common/http/id-param';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { CreateUserDto, UpdateUserDto, UserQuery, UserView } from './dto/user.dto';
import { UsersService } from './users.service';
import { ApiPage } from '../common/pagination/api-page';

@ApiTags('users 用户')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '用户列表' })
  @ApiPage(UserView)
  list(@Query() query: UserQuery) {
    return this.users.list(query);
  }

  @Post()
  @ApiOperation({ summary: '创建用户' })
  @ApiCreatedResponse({ type: UserView })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  get(@IdParam() id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改用户：姓名、角色、停用/启用、重置密码' })
  @ApiOkResponse({ type: UserView })
  update(@CurrentUser() actor: AuthUser, @IdParam() id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
