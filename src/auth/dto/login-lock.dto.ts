import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { LoginThrottle, LoginThrottleScope } from '../entities/login-throttle.entity';

export class LoginLockQuery extends PageQuery {
  @ApiPropertyOptional({ description: '只看这个登录名（不区分大小写）的锁定' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username?: string;

  @ApiPropertyOptional({ description: '只看来自这个地址的锁定', example: '203.0.113.7' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  address?: string;

  @ApiPropertyOptional({ enum: LoginThrottleScope, description: 'account：某登录名在某地址；address：某地址的全部登录' })
  @IsOptional()
  @IsEnum(LoginThrottleScope)
  scope?: LoginThrottleScope;
}

/** A throttle in force: who (a username at an address, or a whole address) may not try to sign in until when. */
export class LoginLockView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: LoginThrottleScope, description: 'account：该登录名在该地址被限制；address：该地址的全部登录被限制' }) scope: LoginThrottleScope;
  @ApiProperty({ type: String, nullable: true, description: '登录名（按输入记录，不论账号是否存在）；address 类为 null' }) username: string | null;
  @ApiProperty({ description: '来源地址' }) address: string;
  @ApiProperty({ description: '连续失败次数' }) failures: number;
  @ApiProperty({ format: 'date-time', description: '限制到此时为止' }) lockedUntil: Date;
  @ApiProperty({ format: 'date-time' }) lastFailureAt: Date;
}

/** A throttle row as LoginLockView: the username only for an account lock. */
export function toLoginLockView(row: LoginThrottle): LoginLockView {
  return {
    id: row.id,
    scope: row.scope,
    username: row.scope === LoginThrottleScope.Account ? row.username : null,
    address: row.address,
    failures: row.failures,
    lockedUntil: row.lockedUntil as Date,
    lastFailureAt: row.lastFailureAt,
  };
}
