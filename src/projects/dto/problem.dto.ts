import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { trim } from '../../common/http/transforms';
import { businessDate } from '../../common/time/business-time';
import { PROBLEM_CATEGORY_LABELS, PROBLEM_STATUS_LABELS, ProblemCategory, ProblemStatus } from '../entities/project-enums';
import { ProjectProblem } from '../entities/project-problem.entity';
import { IsCalendarDate } from './project.dto';

const nullable = ValidateIf((_o, v) => v !== null);
const definedOnly = ValidateIf((_o, v) => v !== undefined);

export class CreateProblemDto {
  @ApiProperty({ enum: ProblemCategory, description: 'land 用地 / energy 能耗 / funding 资金 / approval 审批 / power 电力 / environment 环评 / other 其他' })
  @IsEnum(ProblemCategory)
  category: ProblemCategory;

  @ApiProperty({ example: '220千伏变电站接入未批复' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description: string;

  @ApiPropertyOptional({ example: '市能源局', description: '责任部门（文字）：指定 departmentId 时取部门名称，可不填；否则必填' })
  @ValidateIf((o: CreateProblemDto) => !o.departmentId || o.responsibleDepartment !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  responsibleDepartment?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '交办的责任部门（督办）：部门账号据此办理、回复、办结' })
  @IsOptional()
  @nullable
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2022-07-31', description: '限办日期' })
  @IsOptional()
  @nullable
  @IsCalendarDate()
  dueOn?: string | null;
}

export class UpdateProblemDto {
  @ApiPropertyOptional({ enum: ProblemCategory }) @definedOnly @IsEnum(ProblemCategory) category?: ProblemCategory;
  @ApiPropertyOptional() @definedOnly @Transform(trim) @IsString() @MinLength(1) @MaxLength(2000) description?: string;
  @ApiPropertyOptional() @definedOnly @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) responsibleDepartment?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: '改交其他责任部门（重新计交办时间）；null 取消交办' })
  @IsOptional()
  @nullable
  @IsUUID()
  departmentId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @nullable @IsCalendarDate() dueOn?: string | null;

  @ApiPropertyOptional({ enum: ProblemStatus, description: 'open 待解决 / in_progress 协调中 / resolved 已解决（需填写 resolution）；已解决可重新打开' })
  @definedOnly
  @IsEnum(ProblemStatus)
  status?: ProblemStatus;

  @ApiPropertyOptional({ type: String, nullable: true, description: '解决情况' })
  @IsOptional()
  @nullable
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  resolution?: string | null;
}

export class ProblemQuery {
  @ApiPropertyOptional({ enum: ProblemStatus }) @IsOptional() @IsEnum(ProblemStatus) status?: ProblemStatus;
}

export class ProblemView {
  @ApiProperty() id: string;
  @ApiProperty() projectId: string;
  @ApiProperty({ enum: ProblemCategory }) category: ProblemCategory;
  @ApiProperty() categoryLabel: string;
  @ApiProperty() description: string;
  @ApiProperty() responsibleDepartment: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: '交办的责任部门；旧记录只有文字' }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: '交办时间' }) assignedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) dueOn: string | null;
  @ApiProperty({ enum: ProblemStatus }) status: ProblemStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ description: '未解决且已过限办日期' }) isOverdue: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

/** A problem's view, with its labels and whether it is overdue today (Beijing date). */
export function toProblemView(p: ProjectProblem): ProblemView {
  return {
    id: p.id,
    projectId: p.projectId,
    category: p.category,
    categoryLabel: PROBLEM_CATEGORY_LABELS[p.category],
    description: p.description,
    responsibleDepartment: p.responsibleDepartment,
    departmentId: p.departmentId,
    assignedAt: p.assignedAt,
    dueOn: p.dueOn,
    status: p.status,
    statusLabel: PROBLEM_STATUS_LABELS[p.status],
    isOverdue: p.status !== ProblemStatus.Resolved && p.dueOn !== null && p.dueOn < businessDate(new Date()),
    resolvedAt: p.resolvedAt,
    resolution: p.resolution,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
