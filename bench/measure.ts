import autocannon from 'autocannon';
import { Pool } from 'pg';
import { cpuSeconds } from './processes';
import type { HttpLoad, SqlLoad } from './scenario';

export interface RunOptions {
  /** Seconds measured, after `warmupSeconds` unmeasured. */
  seconds: number;
  warmupSeconds: number;
  /** Concurrent HTTP connections, and concurrent SQL loops for bare-SQL loads. */
  connections: number;
}

export interface RunResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  cpuMicros?: number;
  /** The first non-2xx status and body, to say why a load failed. */
  firstError?: string;
}

/**
 * Drives an HTTP load with autocannon. Latencies are taken from its `response` events
 * (sub-millisecond resolution; its own histogram rounds to whole ms).
 */
export async function runHttp(load: HttpLoad, opts: RunOptions, around?: { before(): Promise<void>; after(): Promise<void> }): Promise<RunResult> {
  const connections = load.connections ?? opts.connections;
  if (opts.warmupSeconds > 0) await cannon(load, connections, opts.warmupSeconds);
  await around?.before();
  const pids = load.serverPids ?? (load.serverPid ? [load.serverPid] : []);
  const cpu = () => (pids.length ? pids.map(cpuSeconds).reduce<number | undefined>((a, b) => (a === undefined || b === undefined ? undefined : a + b), 0) : undefined);
  const cpuBefore = cpu();
  const result = await cannon(load, connections, opts.seconds);
  const cpuAfter = cpu();
  await around?.after();
  const cpuMicros = cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0 ? ((cpuAfter - cpuBefore) * 1e6) / result.requests : undefined;
  return { ...result, cpuMicros };
}

async function cannon(load: HttpLoad, connections: number, seconds: number): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let index = 0;
  const bodyFor = load.bodyFor;
  const instance = autocannon({
    url: load.url,
    method: load.method ?? 'GET',
    headers: { ...(load.body || bodyFor ? { 'content-type': 'application/json' } : {}), ...load.headers },
    body: load.body,
    connections,
    duration: seconds,
    timeout: 30,
    requests: bodyFor ? [{ setupRequest: (req) => ({ ...req, body: bodyFor(index++) }) }] : undefined,
  });
  const started = process.hrtime.bigint();
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
    else errors++;
  });
  instance.on('reqError', (err: Error) => {
    errors++;
    firstError ??= err.message;
  });
  const result = await instance;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  if (errors > 0 && !firstError) firstError = await probe(load);
  return summarise(latencies, errors, Math.min(elapsed, result.duration || elapsed), firstError);
}

/** One request by hand, to show what the failing responses said. */
async function probe(load: HttpLoad): Promise<string> {
  try {
    const res = await fetch(load.url, {
      method: load.method ?? 'GET',
      headers: { ...(load.body || load.bodyFor ? { 'content-type': 'application/json' } : {}), ...load.headers },
      body: load.bodyFor ? load.bodyFor(0) : load.body,
    });
    return `${res.status} ${(await res.text()).slice(0, 200)}`;
  } catch (err) {
    return String(err);
  }
}

/**
 * Runs a statement in `connections` concurrent loops, like autocannon's connections: each
 * loop waits for its answer before sending the next. The pool is its own and is closed at
 * the end, so its backends report their statistics now rather than during the next run.
 */
export async function runSql(load: SqlLoad, databaseUrl: string, opts: RunOptions): Promise<RunResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: opts.connections, application_name: 'crm-bench-sql' });
  try {
    if (opts.warmupSeconds > 0) await sqlLoops(load, pool, opts.connections, opts.warmupSeconds);
    return await sqlLoops(load, pool, opts.connections, opts.seconds);
  } finally {
    await pool.end();
  }
}

async function sqlLoops(load: SqlLoad, pool: Pool, connections: number, seconds: number): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = process.hrtime.bigint();
  const end = started + BigInt(Math.round(seconds * 1e9));
  // Unnamed statements, as TypeORM sends them: parsed and planned on every call.
  const query = { text: load.text, values: load.values };
  const loop = async () => {
    const client = await pool.connect();
    try {
      while (process.hrtime.bigint() < end) {
        const t0 = process.hrtime.bigint();
        try {
          await client.query(query);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (err) {
          errors++;
          firstError ??= String(err);
        }
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return summarise(latencies, errors, elapsed, firstError);
}

function summarise(latencies: number[], errors: number, seconds: number, firstError?: string): RunResult {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
  return { requests: sorted.length, errors, seconds, rps: sorted.length / seconds, p50: at(0.5), p99: at(0.99), firstError };
}
