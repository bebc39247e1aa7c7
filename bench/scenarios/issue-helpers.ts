import { loadavg } from 'node:os';
import { AuthUser, Role } from '../../src/common/auth/auth-user';
import { AccessRepository } from '../../src/access/access.repository';
import { describeDataset, ensureData, Part, takeLoadLog } from '../data/dataset';
import type { Dataset } from '../data/dataset';
import type { BenchContext, HttpLoad, Scenario, SqlLoad } from '../scenario';

/** Shared by the issue-3…6 scenarios: who asks, what they may see, and HTTP/bare-SQL pairs. */

export async function authUser(ctx: BenchContext, username: string): Promise<AuthUser> {
  const { rows } = await ctx.db.query<{ id: string; display_name: string; role: Role }>('SELECT id, display_name, role FROM users WHERE username = $1', [username]);
  const u = rows[0];
  if (!u) throw new Error(`no user ${username}`);
  return { id: u.id, username, displayName: u.display_name, role: u.role };
}

/**
 * The teams `user` may see, as SQL on `$n` (AccessRepository's own rule, so the bare-SQL
 * twins stay the same query as the rule changes); null for an admin.
 */
export function scopeSql(user: AuthUser, param = '$1'): string | null {
  const scope = new AccessRepository(undefined as never).visibleTeamIdsSql(user);
  return scope ? scope.sql.replace(/:scopeUserId/g, param) : null;
}

/** The users the scenarios act as: the city-wide admin, county 0's manager, a member of one team. */
export function actors(ctx: BenchContext): { admin: string; manager: string; member: string } {
  return { admin: ctx.data.adminUsername, manager: ctx.data.managerUsernames[0]!, member: ctx.data.memberUsernames[1]! };
}

/** The machine's 1-minute load average now, for a note: the figures mean little on a busy machine. */
export const load1 = () => loadavg()[0]!.toFixed(1);

/**
 * A GET against the service as `who`, after loading `parts`; `describe` turns the first
 * response into the note printed under the table (what one answer holds).
 */
export function httpGet(opts: {
  name: string;
  group: string;
  baseline?: string;
  parts: Part[];
  who: (ctx: BenchContext) => string;
  path: (ctx: BenchContext, d: Dataset) => string | Promise<string>;
  describe?: (body: unknown, ctx: BenchContext, d: Dataset) => string | Promise<string>;
  /** Connections for this scenario instead of the run's. */
  connections?: number;
  /** Accept-Encoding instead of `gzip` (a browser's: `gzip, deflate, br`). */
  acceptEncoding?: string;
}): Scenario {
  return {
    name: opts.name,
    group: opts.group,
    baseline: opts.baseline,
    async setup(ctx): Promise<HttpLoad> {
      const d = await ensureData(ctx, opts.parts);
      const loaded = takeLoadLog(d);
      const username = opts.who(ctx);
      const token = await ctx.login(username);
      const path = await opts.path(ctx, d);
      const t0 = process.hrtime.bigint();
      const first = await ctx.getJson<unknown>(path, token);
      const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const size = Buffer.byteLength(JSON.stringify(first));
      const what = opts.describe ? await opts.describe(first, ctx, d) : '';
      // As a browser asks: responses the service keeps compressed (the ranking preview) come compressed.
      const headers = { authorization: `Bearer ${token}`, 'accept-encoding': opts.acceptEncoding ?? 'gzip' };
      const wire = await fetch(`${ctx.baseUrl}${path}`, { headers });
      const length = wire.headers.get('content-length');
      const sent = `${wire.headers.get('content-encoding') ?? 'identity'}${length ? ` ${(Number(length) / 1024).toFixed(0)} KB` : ', streamed'}`;
      await wire.arrayBuffer();
      return {
        kind: 'http',
        url: `${ctx.baseUrl}${path}`,
        headers,
        serverPid: ctx.servicePid,
        connections: opts.connections,
        note: `as ${username}; ${what}${what ? '; ' : ''}${(size / 1024).toFixed(0)} KB JSON (sent: ${sent}); first request ${coldMs.toFixed(0)} ms; load avg ${load1()}${loaded ? `; ${loaded}` : ''}`,
      };
    },
  };
}

/**
 * The bare-SQL twin: one statement returning the same rows (or figures) the endpoint
 * answers with, run in the same loops. `check` compares its result with the endpoint's
 * once, for the note (printed, not asserted).
 */
export function bareSql(opts: {
  name: string;
  group: string;
  parts: Part[];
  what: string;
  statement: (ctx: BenchContext, d: Dataset) => Promise<{ text: string; values: unknown[] }>;
  check?: (rows: Array<Record<string, unknown>>, ctx: BenchContext, d: Dataset) => Promise<string>;
}): Scenario {
  return {
    name: opts.name,
    group: opts.group,
    async setup(ctx): Promise<SqlLoad> {
      const d = await ensureData(ctx, opts.parts);
      const loaded = takeLoadLog(d);
      const { text, values } = await opts.statement(ctx, d);
      const { rows } = await ctx.db.query<Record<string, unknown>>(text, values);
      const checked = opts.check ? `; ${await opts.check(rows, ctx, d)}` : '';
      return { kind: 'sql', text, values, note: `${opts.what}${checked}${loaded ? `; ${loaded}` : ''}` };
    },
  };
}

/** Fetches a path as `username` (a fresh sign-in), for the bare-SQL checks. */
export async function fetchAs<T>(ctx: BenchContext, username: string, path: string): Promise<T> {
  return ctx.getJson<T>(path, await ctx.login(username));
}

export const same = (a: unknown, b: unknown) => (JSON.stringify(a) === JSON.stringify(b) ? 'yes' : 'NO');

export { describeDataset, takeLoadLog };
