import { BENCH_PASSWORD } from '../organisation';
import type { Scenario } from '../scenario';

/**
 * Issue 12, item 2: a sign-in with an unknown name, with a wrong password and with a
 * deactivated account's right password must take about as long (one argon2 verification
 * each), or the time tells which names exist. Interleaved rounds, each request from an address
 * of its own (X-Forwarded-For, trusted from loopback) so no throttle answers early.
 */
const ROUNDS = 15;

export const signInTiming: Scenario = {
  name: 'POST /auth/login: unknown name / wrong password / deactivated account',
  group: 'issue12',
  async setup(ctx) {
    const wrong = ctx.data.memberUsernames[0]!;
    const deactivated = ctx.data.memberUsernames.at(-1)!;
    await ctx.db.query('UPDATE users SET is_active = false WHERE username = $1', [deactivated]);
    let address = 0;
    const time = async (username: string, password: string) => {
      address++;
      const started = performance.now();
      const res = await fetch(`${ctx.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        // One address per request (198.18.0.0/15, the benchmarking range): the service takes the
        // last hop before its trusted loopback proxy, so a list would throttle its last entry.
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.${18 + (address >> 16)}.${(address >> 8) & 255}.${address & 255}` },
        body: JSON.stringify({ username, password }),
      });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - started };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    return {
      kind: 'once',
      note: `${ROUNDS} interleaved rounds, one request of each kind per round`,
      async run() {
        const samples = { unknown: [] as number[], wrong: [] as number[], deactivated: [] as number[] };
        const statuses = new Set<number>();
        const started = performance.now();
        for (let i = 0; i < ROUNDS; i++) {
          for (const [kind, username, password] of [
            ['unknown', `nobody-${i}-${Date.now()}`, 'wrong-password-1'],
            ['wrong', wrong, 'wrong-password-1'],
            ['deactivated', deactivated, BENCH_PASSWORD],
          ] as const) {
            const r = await time(username, password);
            statuses.add(r.status);
            samples[kind].push(r.ms);
          }
        }
        const m = { unknown: median(samples.unknown), wrong: median(samples.wrong), deactivated: median(samples.deactivated) };
        const all = [...samples.unknown, ...samples.wrong, ...samples.deactivated].sort((a, b) => a - b);
        return {
          requests: all.length,
          errors: [...statuses].filter((s) => s >= 500).length,
          seconds: (performance.now() - started) / 1000,
          p50: median(all),
          p99: all[all.length - 1] ?? NaN,
          note: `answered ${[...statuses].sort().join('/')}; median ms: unknown ${m.unknown.toFixed(0)}, wrong password ${m.wrong.toFixed(0)}, deactivated ${m.deactivated.toFixed(0)} (unknown/wrong ${(m.unknown / m.wrong).toFixed(2)}, deactivated/wrong ${(m.deactivated / m.wrong).toFixed(2)})`,
        };
      },
    };
  },
};
