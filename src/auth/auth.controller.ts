import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, DepartmentReachable, Public } from '../common/auth/decorators';
import { UserView } from '../users/dto/user.dto';
import { LoginRateLimited } from './login-throttle';
import { AuthService } from './auth.service';
import { throttleAddress } from './login-locks.service';
import { ChangePasswordDto, LoginDto, RefreshDto, TokenPair } from './dto/auth.dto';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @LoginRateLimited()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '登录：返回访问令牌和刷新令牌',
    description:
      '用户名不存在、密码错误、账号停用一律答 401 INVALID_CREDENTIALS。同一登录名在同一地址连续失败多次、或同一地址失败过多时，' +
      '暂停登录（429 LOGIN_THROTTLED，details.retryAfterSeconds 为剩余秒数），每再失败一次暂停时间加倍；其他地址不受影响。',
  })
  @ApiHeader({ name: 'user-agent', required: false, description: '浏览器自动发送，记入登录会话' })
  @ApiOkResponse({ type: TokenPair })
  login(@Body() dto: LoginDto, @Ip() ip: string, @Headers('user-agent') ua?: string) {
    return this.auth.login(dto.username, dto.password, throttleAddress(ip), ua);
  }

  @Public()
  @LoginRateLimited()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '用刷新令牌换一对新令牌（旧刷新令牌随即失效）' })
  @ApiHeader({ name: 'user-agent', required: false, description: '浏览器自动发送，记入登录会话' })
  @ApiOkResponse({ type: TokenPair })
  refresh(@Body() dto: RefreshDto, @Headers('user-agent') ua?: string) {
    return this.auth.refresh(dto.refreshToken, ua);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '退出登录：吊销该刷新令牌所属的登录' })
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @ApiBearerAuth()
  @DepartmentReachable()
  @Get('me')
  @ApiOkResponse({ type: UserView })
  me(@CurrentUser() user: AuthUser) {
    return this.auth.me(user);
  }

  @ApiBearerAuth()
  @DepartmentReachable()
  @Post('password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '修改自己的密码：其他登录全部失效，返回新令牌' })
  @ApiHeader({ name: 'user-agent', required: false, description: '浏览器自动发送，记入登录会话' })
  @ApiOkResponse({ type: TokenPair })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto, @Ip() ip: string, @Headers('user-agent') ua?: string) {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword, throttleAddress(ip), ua);
  }
}
