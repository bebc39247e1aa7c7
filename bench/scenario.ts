import type { Pool } from 'pg';
import type { Organisation } from './organisation';

/**
 * A benchmark scenario: one thing to load for a fixed time and report as a row of the table.
 * Later issues add theirs to `bench/scenarios/index.ts`; `setup` may load extra data
 * through `ctx.db` before the run starts.
 */
export interface Scenario {
  /** Row label, e.g. `GET /api/v1/teams?limit=50 (manager)`. */
  name: string;
  /** Rows with the same group print together; the adapter group gets its own comparison. */
  group: string;
  /** Name of the bare-SQL scenario this one is compared with (the ratio column). */
  baseline?: string;
  /**
   * The figure this row must reach (issue 18's table), printed beside it with ✓ or ✗:
   * `text` as the issue says it, `met` judges a measurement. Never asserted: the run still passes.
   */
  target?: Target;
  setup(ctx: BenchContext): Promise<Load>;
}

export interface Target {
  text: string;
  met(m: Measurement, baseline?: Measurement): boolean;
}

/** Common targets: p99 under a bound; CPU per request under a bound; a share of the bare-SQL twin's req/s. */
export const p99Below = (msBound: number): Target => ({ text: `p99 < ${msBound} ms`, met: (m) => m.p99 < msBound });
export const rateAtLeast = (perSecond: number, unit = 'req/s'): Target => ({ text: `≥ ${perSecond.toLocaleString('en-US')} ${unit}`, met: (m) => m.rps >= perSecond });
export const withinSeconds = (seconds: number): Target => ({ text: `< ${seconds} s`, met: (m) => m.seconds < seconds });
export const cpuAndShareOfSql = (cpuMicros: number, share: number): Target => ({
  text: `≤ ${cpuMicros / 1000} ms CPU, ≥ ${Math.round(share * 100)}% of bare SQL`,
  met: (m, base) => (m.cpuMicros ?? Infinity) <= cpuMicros && (base === undefined || m.rps >= share * base.rps),
});

export type Load = HttpLoad | SqlLoad | OnceLoad;

export interface HttpLoad {
  kind: 'http';
  /** Absolute URL; scenarios against the service build it from `ctx.baseUrl`. */
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Varies the body per request (e.g. a different user per sign-in); index counts up from 0. */
  bodyFor?: (index: number) => string;
  /** Process whose CPU time is charged to this load (the server answering it). */
  serverPid?: number;
  /** Several processes answering behind a load balancer: their CPU is added up (instead of serverPid). */
  serverPids?: number[];
  /** Concurrent connections for this load, instead of the run's (e.g. 1: latency without queueing). */
  connections?: number;
  /** Printed under the table, e.g. what one response holds. */
  note?: string;
  /** Stops whatever `setup` started (a dedicated server). */
  teardown?: () => Promise<void>;
}

export interface SqlLoad {
  kind: 'sql';
  /** The statement run on every iteration, on the scratch database. */
  text: string;
  values: unknown[];
  note?: string;
  teardown?: () => Promise<void>;
}

/**
 * A measurement that is not a fixed-time loop — a queue drain, an import, a refresh: `run`
 * does the work once and reports it in the table's terms (`requests` items done in
 * `seconds`; p50/p99 per item where there is one, NaN where not).
 */
export interface OnceLoad {
  kind: 'once';
  run(): Promise<OnceResult>;
  note?: string;
  teardown?: () => Promise<void>;
}

export interface OnceResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMicros?: number;
  txPerRequest?: number;
  /** Said under the table, after the setup's note (what the run found, e.g. peak memory). */
  note?: string;
}

export interface BenchContext {
  /** e.g. `http://127.0.0.1:41234`: the built service under test. */
  baseUrl: string;
  servicePid: number;
  /** Pool on the scratch database. */
  db: Pool;
  databaseUrl: string;
  data: Organisation;
  /** Signs a user in through the API; returns the access token. */
  login(username: string): Promise<string>;
  /** Fetches a service URL path as `username` and returns the parsed JSON body (throws unless 2xx). */
  getJson<T>(path: string, token: string): Promise<T>;
  /** Starts a helper process from dist/ (e.g. a hello-world server) and stops it on teardown. */
  startServer(script: string, args: string[], env?: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<void> }>;
}

/** Result of measuring one scenario. */
export interface Measurement {
  scenario: Scenario;
  load: Load;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU per request in µs, when the load names its server process. */
  cpuMicros?: number;
  /** Database transactions per request on the scratch database (≈, from pg_stat_database). */
  txPerRequest?: number;
}
