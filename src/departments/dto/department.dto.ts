import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { queryBoolean, trim } from '../../common/http/transforms';

export class CreateDepartmentDto {
  @ApiProperty({ example: '市自然资源局' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ format: 'uuid', description: '所属区划：市或旗县区' })
  @IsUUID()
  regionUnitId: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '分管领导（用户）：交办单超期时通知' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  leaderUserId?: string | null;

  @ApiPropertyOptional({ default: true, description: '停用后不能再交办，已有交办单保留' })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto) {}

export class DepartmentQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: '包含已停用的部门' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeInactive?: boolean;
}

export class DepartmentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) regionUnitId: string;
  @ApiProperty() regionUnitName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leaderUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) leaderName: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: '启用的部门账号数' }) accountCount: number;
}
