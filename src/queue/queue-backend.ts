import { BackendFactory, ConnectionOptions, createPostgresBackend, PostgresPoolConfig } from 'bullmq';
import { AppConfig } from '../config/app-config';

/** What every Queue and Worker of this process is constructed with. */
export interface QueueBackend {
  kind: 'redis' | 'postgres';
  /** Options shared by Queue and Worker (connection and namespace). */
  options: { connection: ConnectionOptions | PostgresPoolConfig; prefix?: string };
  factory?: BackendFactory<never, never>;
  describe: string;
}

/**
 * Redis when configured; otherwise BullMQ's PostgreSQL backend on the service's own
 * database (its `bullmq_<prefix>` schema, migrated on connect), so PostgreSQL alone runs it all.
 */
export function queueBackend(config: AppConfig, databaseUrl: string): QueueBackend {
  if (config.queue.backend === 'redis') {
    const url = new URL(config.redis.url as string);
    const connection: ConnectionOptions = {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      // Workers block on Redis; BullMQ requires unlimited retries for them.
      maxRetriesPerRequest: null,
    };
    return { kind: 'redis', options: { connection, prefix: config.queue.prefix }, describe: `redis ${url.host} prefix ${config.queue.prefix}` };
  }
  const schema = `bullmq_${config.queue.prefix}`;
  // The queue's own writes commit without waiting for their WAL flush: each job's finish is a
  // commit with a NOTIFY, which PostgreSQL serialises through the flush, so waiting for the
  // disk capped the backend at about one job per fsync. Nothing the service relies on is lost:
  // the WAL is one sequence, so a queue move is kept only if everything before it is (a
  // handler's own writes commit durably before its job finishes), and the outbox marks a
  // message sent with a durable commit after its job was added. A crash may forget the last
  // moves; those jobs run again, and handlers are idempotent.
  const connection: PostgresPoolConfig = { connectionString: databaseUrl, schema, migrate: true, max: 10, options: '-c synchronous_commit=off' };
  return {
    kind: 'postgres',
    options: { connection },
    factory: createPostgresBackend as unknown as BackendFactory<never, never>,
    describe: `postgres schema ${schema}`,
  };
}
