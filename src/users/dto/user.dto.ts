import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Role } from '../../common/auth/auth-user';
import { IsAcceptablePassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../common/auth/password-policy';
import { PageQuery } from '../../common/pagination/page';
import { queryBoolean, trim } from '../../common/http/transforms';
import { MOBILE_PATTERN } from '../../common/validation/mobile';
import { User } from '../entities/user.entity';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,64}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'zhangsan', description: '登录名：3–64 位字母、数字、_ . -，不区分大小写' })
  @Transform(trim)
  @IsString()
  @Matches(USERNAME_PATTERN, { message: '登录名须为 3–64 位字母、数字或 _ . -' })
  username: string;

  @ApiProperty({ example: '张三' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName: string;

  @ApiProperty({ enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: '至少 10 个字符，且不能是常见密码' })
  @IsString()
  @IsAcceptablePassword()
  password: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '13800138000' })
  @IsOptional()
  @IsString()
  @Matches(MOBILE_PATTERN, { message: 'phone must be a mainland mobile number (11 digits, 1[3-9]…)' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '责任部门账号所属的部门：角色为 department 时必填，其他角色不可填' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: '加入的招商队（可选；之后在招商队页调整）' })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['username', 'teamId'] as const)) {
  @ApiPropertyOptional({ description: '停用后立即不能登录，已发的令牌立即失效' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({ description: '按登录名或姓名查找' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

/** What the API shows of a user: never the hash. */
export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '责任部门账号所属的部门' }) departmentId: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastLoginAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class UserTeamRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/** A user as the users page lists them: with the teams they belong to. */
export class UserWithTeamsView extends UserView {
  @ApiProperty({ type: [UserTeamRef], description: '所属招商队，按名称排序' }) teams: UserTeamRef[];
}

/** A user as the API shows it (never the password hash). */
export function toUserView(u: User): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    departmentId: u.departmentId ?? null,
    isActive: u.isActive,
    phone: u.phone,
    email: u.email,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}
