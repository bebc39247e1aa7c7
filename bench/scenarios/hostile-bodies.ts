import { request } from 'node:http';
import { cpuSeconds } from '../processes';
import type { Scenario } from '../scenario';

/**
 * Issue 12, item 1: what one unauthenticated request with a hostile body costs the service.
 * Every load sends no token (or a forged one); the figure to read is "svc CPU µs/req", the errors column counts 5xx answers.
 */
const GROUP = 'issue12';
const MB = 1024 * 1024;

/** `{"username":"xxx…","password":"…"}` of about `bytes`: the flat baseline. */
const flat = (bytes: number) => JSON.stringify({ username: 'x'.repeat(bytes - 40), password: 'wrong-password' });

/**
 * As many `[[[…]]]` of `depth` as fit in `bytes`, under one field: deep enough to cost, shallow
 * enough not to overflow the stack (which would end the request early with a 500).
 */
const nested = (bytes: number, depth: number) => {
  const one = '['.repeat(depth) + ']'.repeat(depth);
  const count = Math.max(1, Math.floor((bytes - 40) / (one.length + 1)));
  return `{"username":[${Array.from({ length: count }, () => one).join(',')}],"password":"x"}`;
};

/** A single chain `[[[…]]]` nested `bytes / 2` levels: the body that overflowed the stack. */
const chain = (bytes: number) => `{"username":${'['.repeat(bytes / 2 - 20)}${']'.repeat(bytes / 2 - 20)}}`;

/** A forged bearer token: the right shape, a signature made with another key. */
const FORGED =
  'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmVkLXdpdGgtYW5vdGhlci1rZXktc2lnbmVkLXdpdGgtYW5vdGhlcg';

/** Requests sent per scenario, two at a time: enough for a stable figure when each may take seconds. */
const REQUESTS = 24;

/**
 * Sends the same hostile body REQUESTS times and charges the service's CPU time to them; every
 * answer is an error by design, so the table's errors column is empty and the note gives the
 * statuses (the fixed-time loop counts only 2xx answers).
 */
const post = (name: string, path: string, body: () => string, note: string, headers: Record<string, string> = {}): Scenario => ({
  name,
  group: GROUP,
  async setup(ctx) {
    const payload = body();
    // node:http, not fetch: a server that refuses a large body answers before reading it and
    // closes the connection, which fetch reports as a failure without the answer.
    const target = new URL(`${ctx.baseUrl}${path}`);
    const send = () =>
      new Promise<{ status: number; ms: number }>((resolve) => {
        const started = performance.now();
        let status = 0;
        const req = request(target, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
          status = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => resolve({ status, ms: performance.now() - started }));
        });
        req.on('error', () => {
          if (!status) resolve({ status: 0, ms: performance.now() - started });
        });
        req.end(payload);
      });
    return {
      kind: 'once',
      note: `${(payload.length / 1024).toFixed(0)} KB, ${note}`,
      async run() {
        await send(); // warm-up
        const cpuBefore = cpuSeconds(ctx.servicePid) ?? 0;
        const started = performance.now();
        const answers: Array<{ status: number; ms: number }> = [];
        for (let i = 0; i < REQUESTS; i += 2) answers.push(...(await Promise.all([send(), send()])));
        const seconds = (performance.now() - started) / 1000;
        const cpuMicros = (((cpuSeconds(ctx.servicePid) ?? 0) - cpuBefore) * 1e6) / answers.length;
        const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
        const statuses = [...new Set(answers.map((a) => a.status))].sort().join('/');
        return {
          requests: answers.length,
          errors: answers.filter((a) => a.status >= 500).length,
          seconds,
          p50: ms[Math.floor(ms.length / 2)] ?? NaN,
          p99: ms[ms.length - 1] ?? NaN,
          cpuMicros,
          note: `answered ${statuses}, ${Math.round(cpuMicros).toLocaleString('en-US')} µs CPU per request`,
        };
      },
    };
  },
});

export const hostileLoginFlat = post('POST /auth/login 1 MB flat, no token', '/api/v1/auth/login', () => flat(MB - 1024), 'one long username (just under the old 1 MB limit)');
export const hostileLoginNested = post('POST /auth/login 1 MB nested 1,000 deep, no token', '/api/v1/auth/login', () => nested(MB - 1024, 1000), 'arrays 1,000 deep side by side');
export const hostileLoginChain = post('POST /auth/login 1 MB one chain 500k deep, no token', '/api/v1/auth/login', () => chain(MB), 'the stack-overflow body');
export const hostileTeamsNested = post('POST /teams 1 MB nested 1,000 deep, forged token', '/api/v1/teams', () => nested(MB - 1024, 1000), 'a JSON route behind the guard', { authorization: FORGED });
export const hostileLoginSmall = post('POST /auth/login 4 KB nested 1,000 deep, no token', '/api/v1/auth/login', () => nested(4096, 1000), 'under the sign-in size limit');

export const HOSTILE_BODIES: Scenario[] = [hostileLoginFlat, hostileLoginNested, hostileLoginChain, hostileTeamsNested, hostileLoginSmall];
