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
  const connection: PostgresPoolConfig = { connectionString: databaseUrl, schema, migrate: true, max: 10 };
  return {
    kind: 'postgres',
    options: { connection },
    factory: createPostgresBackend as unknown as BackendFactory<never, never>,
    describe: `postgres schema ${schema}`,
  };
}
