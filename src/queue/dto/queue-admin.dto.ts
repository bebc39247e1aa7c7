import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QueueName } from '../jobs';
import type { QueueBackend } from '../queue-backend';

export class QueueCountsRow {
  @ApiProperty({ enum: QueueName }) queue: QueueName;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { waiting: 0, active: 1, delayed: 3, failed: 0, completed: 120 }, description: '状态 → 任务数' })
  counts: Record<string, number>;
}

/** The last queue reconciliation: what the queue had lost and was put back from the database. */
export class QueueReconciliationView {
  @ApiProperty({ format: 'date-time', description: '核对时间' }) ranAt: Date;
  @ApiProperty({ example: 'schedule', description: '触发方式：start-up 启动 / schedule 定时 / reconnect:<队列> 重连 / schedules-missing 定时任务缺失' }) trigger: string;
  @ApiProperty({ description: '补发的签约入库任务数' }) rollups: number;
  @ApiProperty({ description: '补发的跟进提醒（到期提醒或督办）任务数' }) followUps: number;
  @ApiProperty({ description: '恢复的定时任务数' }) schedules: number;
}

/** GET /admin/queues */
export class QueueCountsView {
  @ApiProperty({ enum: ['redis', 'postgres'], description: '队列后端' }) backend: QueueBackend['kind'];
  @ApiProperty({ type: [QueueCountsRow] }) queues: QueueCountsRow[];
  @ApiProperty({ type: QueueReconciliationView, nullable: true, description: '上次核对（数据库为准，补回队列丢失的任务）；尚未核对过为 null' })
  lastReconciliation: QueueReconciliationView | null;
}

/** GET /admin/queues/:queue/failed: one failed job and its error. */
export class FailedJobView {
  @ApiPropertyOptional() id?: string;
  @ApiProperty({ example: 'notification.deliver' }) name: string;
  @ApiProperty({ description: '任务数据（按任务不同）' }) data: unknown;
  @ApiProperty() failedReason: string;
  @ApiProperty() attemptsMade: number;
  @ApiProperty({ type: [String], description: '最后一次失败的堆栈' }) stacktrace: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

/** POST /admin/queues/:queue/jobs/:jobId/retry */
export class RetriedJobView {
  @ApiPropertyOptional() id?: string;
  @ApiProperty({ example: 'waiting', description: '重试后的任务状态' }) state: string;
}
