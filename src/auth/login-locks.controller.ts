import { Controller, Delete, Get, HttpCode, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, Role } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { IdParam } from '../common/http/id-param';
import { ApiPage } from '../common/pagination/api-page';
import { LoginLockQuery, LoginLockView } from './dto/login-lock.dto';
import { LoginLocksService } from './login-locks.service';

@ApiTags('auth 登录')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('auth/login-locks')
export class LoginLocksController {
  constructor(private readonly locks: LoginLocksService) {}

  @Get()
  @ApiOperation({ summary: '当前的登录限制：因多次登录失败而暂停的登录名＋地址，或整个地址' })
  @ApiPage(LoginLockView)
  list(@Query() query: LoginLockQuery) {
    return this.locks.list(query);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '解除一条登录限制，并清零其失败次数（记入审计日志）' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: '没有这条限制，或它已到期' })
  async lift(@CurrentUser() actor: AuthUser, @IdParam() id: string): Promise<void> {
    await this.locks.lift(actor, id);
  }
}
