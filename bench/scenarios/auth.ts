import { BENCH_PASSWORD } from '../organisation';
import type { Scenario } from '../scenario';

/** POST /api/v1/auth/login, cycling through members so no single row is hot. argon2id makes it CPU-bound. */
export const login: Scenario = {
  name: 'POST /api/v1/auth/login',
  group: 'auth',
  async setup(ctx) {
    const users = ctx.data.memberUsernames.slice(0, 500);
    await ctx.login(users[0]!);
    return {
      kind: 'http',
      method: 'POST',
      url: `${ctx.baseUrl}/api/v1/auth/login`,
      bodyFor: (i) => JSON.stringify({ username: users[i % users.length], password: BENCH_PASSWORD }),
      serverPid: ctx.servicePid,
      note: `${users.length} members in turn, correct password (argon2id verify + token issue per request)`,
    };
  },
};
