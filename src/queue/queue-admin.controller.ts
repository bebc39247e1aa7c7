import { Controller, Get, HttpCode, HttpStatus, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Role } from '../common/auth/auth-user';
import { Roles } from '../common/auth/decorators';
import { commonErrors, notFound } from '../common/errors/app-error';
import { QueueName } from './jobs';
import { QueueReconciliation } from './queue-reconciliation';
import { QueueService } from './queue.service';
import { FailedJobView, QueueCountsView, RetriedJobView } from './dto/queue-admin.dto';

class FailedQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

const queueParam = new ParseEnumPipe(QueueName, {
  exceptionFactory: () => commonErrors('VALIDATION_FAILED', [{ field: 'queue', message: `queue 必须是 ${Object.values(QueueName).join(' / ')} 之一` }]),
});

@ApiTags('admin 队列')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('admin/queues')
export class QueueAdminController {
  constructor(
    private readonly queues: QueueService,
    private readonly reconciliation: QueueReconciliation,
  ) {}

  @Get()
  @ApiOperation({ summary: '各队列各状态的任务数，及上次核对补回的任务' })
  @ApiOkResponse({ type: QueueCountsView })
  async counts(): Promise<QueueCountsView> {
    const [queues, lastReconciliation] = await Promise.all([this.queues.counts(), this.reconciliation.last()]);
    return { backend: this.queues.backend.kind, queues, lastReconciliation };
  }

  @Get(':queue/failed')
  @ApiOperation({ summary: '失败的任务及其错误' })
  // `${QueueName}`, not QueueName: see the preferences route of NotificationsController.
  @ApiOkResponse({ type: [FailedJobView] })
  async failed(@Param('queue', queueParam) queue: `${QueueName}`, @Query() query: FailedQuery): Promise<FailedJobView[]> {
    const jobs = await this.queues.queue(queue as QueueName).getFailed(0, (query.limit ?? 50) - 1);
    return jobs.map((j) => ({
      id: j.id,
      name: j.name,
      data: j.data,
      failedReason: j.failedReason,
      attemptsMade: j.attemptsMade,
      stacktrace: (j.stacktrace ?? []).slice(-1),
      failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
      createdAt: new Date(j.timestamp),
    }));
  }

  @Post(':queue/jobs/:jobId/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '重试一个失败的任务' })
  @ApiOkResponse({ type: RetriedJobView })
  async retry(@Param('queue', queueParam) queue: `${QueueName}`, @Param('jobId') jobId: string): Promise<RetriedJobView> {
    const job = await this.queues.queue(queue as QueueName).getJob(jobId);
    if (!job || !(await job.isFailed())) throw notFound('job');
    await job.retry('failed');
    return { id: job.id, state: await job.getState() };
  }
}
