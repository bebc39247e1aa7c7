import { Type } from '@nestjs/common';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsWanYuan } from '../common/money/wan-yuan';
import { IsCalendarDate } from '../common/time/business-time';
import type { DefaultJobOptions } from 'bullmq';
import { INT4_MAX } from '../common/entity-columns';

/** The queues; each has its own workers, so a flood of one kind never starves another. */
export enum QueueName {
  Reminders = 'reminders',
  Notifications = 'notifications',
  Registry = 'registry',
  Sweeps = 'sweeps',
}

/** Every job the service runs. One handler per name, checked at start. */
export enum JobName {
  FollowUpDue = 'follow-up.due',
  FollowUpEscalate = 'follow-up.escalate',
  DeliverNotification = 'notification.deliver',
  RollupSigning = 'registry.rollup-signing',
  LeadsSweep = 'sweep.leads',
  WeeklyDigest = 'sweep.weekly-digest',
  ProjectProgressReminders = 'sweep.project-progress',
  ProjectProblemsSweep = 'sweep.project-problems',
  RefreshMetrics = 'metrics.refresh',
  ReconcileQueues = 'queue.reconcile',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.FollowUpDue]: QueueName.Reminders,
  [JobName.FollowUpEscalate]: QueueName.Reminders,
  [JobName.DeliverNotification]: QueueName.Notifications,
  [JobName.RollupSigning]: QueueName.Registry,
  [JobName.LeadsSweep]: QueueName.Sweeps,
  [JobName.WeeklyDigest]: QueueName.Sweeps,
  [JobName.ProjectProgressReminders]: QueueName.Sweeps,
  [JobName.ProjectProblemsSweep]: QueueName.Sweeps,
  [JobName.RefreshMetrics]: QueueName.Sweeps,
  [JobName.ReconcileQueues]: QueueName.Sweeps,
};

// ---- payloads: validated before a handler sees them; a malformed one is discarded with its reason.

export class FollowUpPayload {
  @IsUUID() interactionId: string;
  /** The interaction's follow-up version when scheduled: a later change makes this job stale. */
  @IsInt() @Min(0) @Max(INT4_MAX) version: number;
}

export class DeliverNotificationPayload {
  @IsUUID() notificationId: string;
  @IsIn(['webhook', 'email']) channel: 'webhook' | 'email';
  /** The webhook endpoint; none for e-mail (the user's address). */
  @IsOptional() @IsUUID() targetId?: string;
}

/**
 * What the registry needs of a signing, carried by the job so the pipeline never imports
 * the registry. The one definition: the worker validates jobs with it, the registry reads it.
 */
export class RollupSigningPayload {
  @IsUUID() signingId: string;
  @IsUUID() leadId: string;
  @IsIn(['initial', 'supplement']) kind: 'initial' | 'supplement';
  /** 万元, exact decimal string; a supplement's added amount only. Uncapped: what was stored (an import, say) must roll up. */
  @IsWanYuan({ min: 'positive', uncapped: true }) amount: string;
  @IsCalendarDate() signedOn: string;
  /** The lead's title: the new project's name. */
  @IsString() @MinLength(1) @MaxLength(200) title: string;
  @IsOptional() @IsUUID() enterpriseId?: string | null;
  @IsOptional() @IsUUID() teamId?: string | null;
  @IsOptional() @IsUUID() industryChainId?: string | null;
  /** The lead's target county (any level; stored as its county). */
  @IsOptional() @IsUUID() regionUnitId?: string | null;
  /** The lead's owner: becomes the project owner (reminded to file progress) when it has none. */
  @IsOptional() @IsUUID() ownerId?: string | null;
}

/** Sweeps carry only the time they were planned for (schedulers fill it in). */
export class SweepPayload {
  @IsOptional() @IsISO8601() at?: string;
}

export interface JobPayloads {
  [JobName.FollowUpDue]: FollowUpPayload;
  [JobName.FollowUpEscalate]: FollowUpPayload;
  [JobName.DeliverNotification]: DeliverNotificationPayload;
  [JobName.RollupSigning]: RollupSigningPayload;
  [JobName.LeadsSweep]: SweepPayload;
  [JobName.WeeklyDigest]: SweepPayload;
  [JobName.ProjectProgressReminders]: SweepPayload;
  [JobName.ProjectProblemsSweep]: SweepPayload;
  [JobName.RefreshMetrics]: SweepPayload;
  [JobName.ReconcileQueues]: SweepPayload;
}

export const JOB_PAYLOAD_CLASS: { [N in JobName]: Type<JobPayloads[N]> } = {
  [JobName.FollowUpDue]: FollowUpPayload,
  [JobName.FollowUpEscalate]: FollowUpPayload,
  [JobName.DeliverNotification]: DeliverNotificationPayload,
  [JobName.RollupSigning]: RollupSigningPayload,
  [JobName.LeadsSweep]: SweepPayload,
  [JobName.WeeklyDigest]: SweepPayload,
  [JobName.ProjectProgressReminders]: SweepPayload,
  [JobName.ProjectProblemsSweep]: SweepPayload,
  [JobName.RefreshMetrics]: SweepPayload,
  [JobName.ReconcileQueues]: SweepPayload,
};

/**
 * Queues whose handlers gather the jobs in hand into batches (queue/job-batcher.ts): jobs per
 * batch at most. A worker of such a queue holds twice as many at once, so one batch fills
 * while the one before it is being written.
 */
export const QUEUE_BATCH_SIZE: Partial<Record<QueueName, number>> = { [QueueName.Reminders]: 50 };
/** Jobs a worker of `queue` holds at once: the configured concurrency, or enough for two batches of a batching queue. */
export function workerConcurrency(queue: QueueName, configured: number): number {
  return Math.max(configured, 2 * (QUEUE_BATCH_SIZE[queue] ?? 0));
}
/** How long a batch's first job waits for others (ms): short beside a job's own cost, long beside the queue's fetch of the next. */
export const BATCH_WAIT_MS = 5;

/** Recurring sweeps (BullMQ job schedulers), in Beijing time. */
export const SCHEDULES: Array<{ key: string; job: JobName; pattern: string }> = [
  { key: 'leads-sweep', job: JobName.LeadsSweep, pattern: '0 * * * *' },
  { key: 'weekly-digest', job: JobName.WeeklyDigest, pattern: '0 8 * * 1' },
  { key: 'project-progress', job: JobName.ProjectProgressReminders, pattern: '0 9 25 * *' },
  { key: 'project-problems', job: JobName.ProjectProblemsSweep, pattern: '30 8 * * *' },
  // The dashboard's wall screen refreshes every minute; so do its figures (METRICS_REFRESH_SECONDS: schedulePattern).
  { key: 'metrics-refresh', job: JobName.RefreshMetrics, pattern: '* * * * *' },
  // The database is the source of truth: what the queue should hold is compared with what it does.
  { key: 'queue-reconcile', job: JobName.ReconcileQueues, pattern: '*/10 * * * *' },
];
export const SCHEDULE_TZ = 'Asia/Shanghai';

/** A schedule's cron pattern under the configured refresh interval (BullMQ's cron takes a leading seconds field). */
export function schedulePattern(s: (typeof SCHEDULES)[number], metricsRefreshSeconds: number): string {
  if (s.key !== 'metrics-refresh' || metricsRefreshSeconds === 60) return s.pattern;
  return metricsRefreshSeconds < 60 ? `*/${metricsRefreshSeconds} * * * * *` : `*/${metricsRefreshSeconds / 60} * * * *`;
}

/**
 * Retries with exponential backoff for transient failures; finished jobs are kept a while
 * for the admin's queue view (and for BullMQ's duplicate-id check), then removed.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 86_400, count: 10_000 },
  removeOnFail: { age: 30 * 86_400, count: 10_000 },
};

/**
 * The PostgreSQL backend trims a count-limited set on every finished job by deleting the rows
 * `NOT IN` the newest N (BullMQ's apply_retention): with 10,000 kept, each completion reads
 * some 20,000 index entries, and the queue slows to ~100 jobs/s. There completed jobs are kept
 * by age alone — an index range, usually empty — for a day: the admin's view still shows the
 * day's work, and a job added again that day under its id is still dropped. (Failed jobs are
 * rare and trimmed only when they finally fail: their limit stays.)
 */
export const POSTGRES_JOB_OPTIONS: DefaultJobOptions = { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { age: 86_400 } };

export function defaultJobOptions(backend: 'redis' | 'postgres'): DefaultJobOptions {
  return backend === 'postgres' ? POSTGRES_JOB_OPTIONS : DEFAULT_JOB_OPTIONS;
}
