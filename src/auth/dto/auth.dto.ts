import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../common/auth/password-policy';
import { UserView } from '../../users/dto/user.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: '至少 10 个字符，且不能是常见密码' })
  @IsString()
  @IsAcceptablePassword()
  newPassword: string;
}

export class TokenPair {
  @ApiProperty({ description: '访问令牌（Bearer），短期有效' }) accessToken: string;
  @ApiProperty({ description: '访问令牌有效秒数' }) expiresIn: number;
  @ApiProperty({ description: '刷新令牌：每次刷新后轮换，旧的随即失效' }) refreshToken: string;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt: Date;
  @ApiProperty({ type: UserView }) user: UserView;
}
