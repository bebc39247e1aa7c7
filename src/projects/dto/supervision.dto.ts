import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { queryBoolean, trim } from '../../common/http/transforms';
import { ProblemCategory, ProblemStatus } from '../entities/project-enums';

export class SupervisionQuery {
  @ApiPropertyOptional({ format: 'uuid', description: '责任部门（部门账号只看本部门，此项被忽略）' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional({ enum: ProblemStatus, description: 'open 待办理 / in_progress 办理中 / resolved 已办结' })
  @IsOptional()
  @IsEnum(ProblemStatus)
  status?: ProblemStatus;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true 只看超期未办结（限办日期早于今天，北京时间）' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ReplyDto {
  @ApiProperty({ example: '已与市自然资源局对接，用地预审材料本周报送' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  body: string;
}

export class CloseDto {
  @ApiProperty({ description: '办结情况', example: '用地预审已批复' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  resolution: string;
}

export class ReopenDto {
  @ApiPropertyOptional({ description: '重新打开的原因（记入回复）' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}

export class FiguresQuery {
  @ApiProperty({ example: '2026-11', description: '通报月份 YYYY-MM（北京时间的整月）' })
  @Matches(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, { message: '月份 month 必须是年月，如 2026-11' })
  month: string;
}

export class SupervisionItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ description: '项目名称' }) projectName: string;
  @ApiProperty({ type: String, nullable: true, description: '项目所在旗县区' }) projectRegionName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '项目负责人' }) projectOwnerName: string | null;
  @ApiProperty({ enum: ProblemCategory }) category: ProblemCategory;
  @ApiProperty() categoryLabel: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: String, nullable: true, description: '限办日期' }) dueOn: string | null;
  @ApiProperty({ enum: ProblemStatus }) status: ProblemStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ description: '未办结且已过限办日期（北京时间）' }) isOverdue: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) assignedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: '办结情况' }) resolution: string | null;
  @ApiProperty() replyCount: number;
}

export class SupervisionListView {
  @ApiProperty({ type: [SupervisionItemView] }) items: SupervisionItemView[];
  @ApiProperty({ description: '符合条件的交办单总数（items 最多 limit 条）' }) total: number;
}

export class ReplyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() authorName: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class SupervisionDetailView extends SupervisionItemView {
  @ApiProperty({ type: [ReplyView], description: '办理回复，按时间先后' }) replies: ReplyView[];
  @ApiProperty({ description: '当前用户能否回复' }) canReply: boolean;
  @ApiProperty({ description: '当前用户能否办结' }) canClose: boolean;
  @ApiProperty({ description: '当前用户能否重新打开' }) canReopen: boolean;
}

export class DepartmentFiguresRow {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '合计行为 null' }) departmentId: string | null;
  @ApiProperty() departmentName: string;
  @ApiProperty({ description: '交办数：月末前已交办、且月初时未办结的交办单' }) assigned: number;
  @ApiProperty({ description: '其中本月新交办' }) newlyAssigned: number;
  @ApiProperty({ description: '办结数：其中本月办结的' }) closed: number;
  @ApiProperty({ type: String, nullable: true, description: '办结率 % = 办结数 ÷ 交办数 × 100，两位小数，四舍五入（半数进位）；交办数为 0 时为 null' })
  closedRate: string | null;
  @ApiProperty({ description: '超期数 = 月末仍未办结且限办日期不晚于月末 + 本月办结但晚于限办日期' }) overdue: number;
  @ApiProperty({ description: '其中月末超期未办结' }) overdueOpen: number;
  @ApiProperty({ description: '其中本月超期办结' }) closedLate: number;
}

export class SupervisionFiguresView {
  @ApiProperty() month: string;
  @ApiProperty({ description: '期间起（含）' }) from: string;
  @ApiProperty({ description: '期间止（含）' }) to: string;
  @ApiProperty({ type: [DepartmentFiguresRow], description: '各责任部门一行（启用的部门或期间有交办单的），按区划、名称排序' }) rows: DepartmentFiguresRow[];
  @ApiProperty({ type: DepartmentFiguresRow, description: '合计' }) total: DepartmentFiguresRow;
  @ApiProperty({ description: '口径说明' }) rules: string;
}
