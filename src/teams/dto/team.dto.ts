import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { queryBoolean, trim } from '../../common/http/transforms';
import { PageQuery } from '../../common/pagination/page';
import type { ManagerScope } from '../../access/entities/manager-scope.entity';

export class CreateTeamDto {
  @ApiProperty({ example: '开鲁县第一招商小分队' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name: string;

  @ApiProperty({ description: '所属区域单位' })
  @IsUUID()
  regionUnitId: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '队长（自动成为队员）' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  leaderId?: string | null;

  @ApiPropertyOptional({ type: [String], description: '初始队员' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds?: string[];

  @ApiPropertyOptional({ type: [String], description: '重点产业链' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  focusChainIds?: string[];

  @ApiPropertyOptional({ type: [String], description: '重点招商区域' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  focusSourceRegionIds?: string[];

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class UpdateTeamDto extends PartialType(CreateTeamDto) {
  @ApiPropertyOptional({ description: '归档后保留历史，不再接新任务' })
  @IsOptional()
  @IsBoolean()
  isArchived?: boolean;
}

export class TeamQuery extends PageQuery {
  @ApiPropertyOptional({ description: '该区域单位及其下级的队伍' })
  @IsOptional()
  @IsUUID()
  regionUnitId?: string;

  @ApiPropertyOptional({ description: '队名片段' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}

export class AddMemberDto {
  @ApiProperty()
  @IsUUID()
  userId: string;
}

export class ManagedScopeDto {
  @ApiProperty({ type: [String], description: '分管的区域单位（含其下所有队伍）' })
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  regionUnitIds: string[];

  @ApiProperty({ type: [String], description: '分管的单个队伍' })
  @IsArray()
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  teamIds: string[];
}

class NamedRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class PersonRef {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

class RegionRef extends NamedRef {
  @ApiProperty({ example: 'county', description: '区域级别（RegionLevel）' }) level: string;
}

/** GET/PUT /users/:id/managed-scope: what a manager oversees. */
export class ManagedScopeViewDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: [RegionRef], description: '分管的区域（含其下级）' }) regionUnits: RegionRef[];
  @ApiProperty({ type: [NamedRef], description: '分管的单个队伍' }) teams: NamedRef[];
}

/** A manager's scope rows (loaded with their region unit and team) as ManagedScopeViewDto. */
export function toManagedScopeView(userId: string, rows: ManagerScope[]): ManagedScopeViewDto {
  return {
    userId,
    regionUnits: rows.filter((r) => r.regionUnit).map((r) => ({ id: r.regionUnit!.id, name: r.regionUnit!.name, level: r.regionUnit!.level })),
    teams: rows.filter((r) => r.team).map((r) => ({ id: r.team!.id, name: r.team!.name })),
  };
}

export class TeamView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: RegionRef }) regionUnit: RegionRef;
  @ApiProperty({ type: PersonRef, nullable: true }) leader: PersonRef | null;
  @ApiProperty() memberCount: number;
  @ApiProperty({ type: [NamedRef] }) focusChains: NamedRef[];
  @ApiProperty({ type: [NamedRef] }) focusSourceRegions: NamedRef[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() isArchived: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class TeamMemberView {
  @ApiProperty() userId: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty() role: string;
  @ApiProperty() isLeader: boolean;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'date-time' }) joinedAt: Date;
}
