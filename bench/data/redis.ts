import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from '../processes';

export interface BenchRedis {
  url: string;
  /** Whether the bench started this server (and stop() stops it). */
  started: boolean;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The Redis the queue scenarios use: BENCH_REDIS_URL, else redis://127.0.0.1:6379 if it
 * answers, else a `redis-server` of our own on a free port (no persistence), stopped by
 * stop(). Keys go under a prefix of the run's own, removed afterwards, so a shared server is fine.
 */
export async function benchRedis(): Promise<BenchRedis> {
  const url = process.env.BENCH_REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
  if (await answers(url)) return { url, started: false, stop: async () => undefined };
  if (process.env.BENCH_REDIS_URL) throw new Error(`BENCH_REDIS_URL ${url} does not answer`);
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // Not installed: 'error' instead of a start; the wait below then reports it.
  child.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const own = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answers(own)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await answers(own))) {
    kill();
    throw new Error(`${url} does not answer and redis-server did not start on port ${port}`);
  }
  return {
    url: own,
    started: true,
    stop: async () => {
      process.off('exit', kill);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
