import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { followUpJobId } from '../../src/interactions/follow-up-jobs';
import { JobName, QueueName, SCHEDULES } from '../../src/queue/jobs';
import { queueBackend } from '../../src/queue/queue-backend';
import { QueueService } from '../../src/queue/queue.service';

/** Where a queue scenario's jobs live: one backend, under a namespace of the run's own. */
export interface QueueSpec {
  backend: 'redis' | 'postgres';
  databaseUrl: string;
  redisUrl?: string;
  /** QUEUE_PREFIX: the Redis key prefix, or the PostgreSQL schema bullmq_<prefix>. */
  prefix: string;
}

export const newPrefix = (what: string) => `bench_${what}_${randomBytes(3).toString('hex')}`;

/** The environment a service or worker process is started with for `spec`. */
export function queueEnv(spec: QueueSpec): Record<string, string> {
  return {
    QUEUE_BACKEND: spec.backend,
    QUEUE_PREFIX: spec.prefix,
    ...(spec.backend === 'redis' ? { REDIS_URL: spec.redisUrl as string } : {}),
  };
}

/** The service's own QueueService (its backend choice, default job options), for `spec`. */
export function benchQueues(spec: QueueSpec): QueueService {
  const config: AppConfig = loadConfig({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    DATABASE_URL: spec.databaseUrl,
    ...queueEnv(spec),
  });
  return new QueueService(queueBackend(config, spec.databaseUrl), config);
}

/**
 * Adds one FollowUpDue job per interaction — payload {interactionId, version}, the id the
 * service itself uses (follow-up:<id>:v<version>) — with Queue.addBulk, 1,000 at a time.
 * Returns the seconds it took.
 */
export async function enqueueFollowUps(queues: QueueService, due: Array<{ id: string; version: number }>): Promise<number> {
  const queue = queues.queue(QueueName.Reminders);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < due.length; i += 1000) {
    await queue.addBulk(
      due.slice(i, i + 1000).map((d) => ({ name: JobName.FollowUpDue, data: { interactionId: d.id, version: d.version }, opts: { jobId: followUpJobId(d.id, d.version) } })),
    );
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Stops the recurring sweeps a freshly started worker installs, so only the reminders run. */
export async function removeSchedules(queues: QueueService): Promise<void> {
  const sweeps = queues.queue(QueueName.Sweeps);
  for (const s of SCHEDULES) await sweeps.removeJobScheduler(s.key);
  await sweeps.drain(true);
}

/** Removes everything the run left in the backend: the Redis keys, or the PostgreSQL schema. */
export async function removeQueues(spec: QueueSpec, queues: QueueService): Promise<void> {
  if (spec.backend === 'redis') {
    for (const name of Object.values(QueueName)) await queues.queue(name).obliterate({ force: true, count: 5000 });
    await queues.onModuleDestroy();
    return;
  }
  await queues.onModuleDestroy();
  const client = new Client({ connectionString: spec.databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS bullmq_${spec.prefix} CASCADE`);
  } finally {
    await client.end();
  }
}
