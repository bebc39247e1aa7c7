/**
 * A BullMQ worker that does nothing, run by `npm run bench` as its own process: the floor a
 * queue backend sets, to set our FollowUpDue drain against. Consumes the reminders queue
 * of QUEUE_PREFIX on QUEUE_BACKEND with the service's worker options (WORKER_CONCURRENCY,
 * lock), and answers on PORT: GET /hello when ready, GET /stats?t0=<epoch ms>&recentMs= with the
 * jobs completed, their completion times after t0, and how many finished in the last recentMs.
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { Worker } from 'bullmq';
import { loadConfig } from '../../src/config/app-config';
import { QueueName, workerConcurrency } from '../../src/queue/jobs';
import { queueBackend } from '../../src/queue/queue-backend';
import { quantile } from './process-stats';

async function main(): Promise<void> {
  const config = loadConfig();
  const backend = queueBackend(config, config.database.url as string);
  const opts = { ...backend.options, concurrency: workerConcurrency(QueueName.Reminders, config.queue.concurrency), lockDuration: config.queue.lockMs, stalledInterval: config.queue.lockMs };
  const processor = async () => 'ok';
  const worker = backend.factory
    ? (new Worker(QueueName.Reminders, processor, opts as never, backend.factory) as unknown as Worker)
    : new Worker(QueueName.Reminders, processor, opts as ConstructorParameters<typeof Worker>[2]);
  const finished: number[] = [];
  let failed = 0;
  worker.on('completed', () => finished.push(Date.now()));
  worker.on('failed', () => failed++);
  worker.on('error', (err) => console.error(`worker: ${err.message}`));
  await worker.waitUntilReady();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/hello') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ready":true}');
    } else if (url.pathname === '/stats') {
      const t0 = Number(url.searchParams.get('t0') ?? 0);
      const recentMs = Number(url.searchParams.get('recentMs') ?? 20_000);
      const after = finished.map((t) => t - t0);
      const last = finished.at(-1) ?? null;
      const recent = last === null ? 0 : finished.filter((t) => t > last - recentMs).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ completed: finished.length, failed, last, recent, p50: quantile(after, 0.5), p99: quantile(after, 0.99) }),
      );
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close();
      void worker.close().finally(() => process.exit(0));
    });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
